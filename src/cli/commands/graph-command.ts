import type { Command } from 'commander';
import { Option } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { UserError } from '../user-error.js';
import { trackDiagramModel } from '../../report/track-diagram-model.js';
import { trackDiagramMermaid, tracksDiagramMermaid } from '../../report/track-diagram-mermaid.js';
import { trackDiagramDot, tracksDiagramDot } from '../../report/track-diagram-dot.js';

/**
 * `parley graph <scenario>`: the tracks' machines as ONE Mermaid or Graphviz diagram (each track a
 * composite state or a cluster), one track with `--track`, or a Markdown section per track with
 * `--markdown`.
 */
export function registerGraphCommand(program: Command): void {
  program
    .command('graph')
    .description(
      "Draw the tracks' state machines as one diagram (each track a composite state, or a cluster in dot): guards and the moves that send each event on the edges, final states marked, deal states highlighted. Mermaid renders on GitHub and mermaid.live; dot renders with Graphviz.",
    )
    .argument('<scenario>', 'scenario file')
    .option('--track <id>', 'draw only this track')
    .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'))
    .option('--markdown', 'one Mermaid diagram per track instead, each in a ```mermaid fence under a heading with the track name (for a Markdown file)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ parley graph scenarios/supplier-duel.json                 # every track, one stateDiagram-v2\n  $ parley graph scenarios/supplier-duel.json --track newcomer\n  $ parley graph scenarios/supplier-duel.json --markdown > tracks.md\n  $ parley graph scenarios/supplier-duel.json --format dot | dot -Tsvg > tracks.svg',
    )
    .action((file: string, opts: { track?: string; format: 'mermaid' | 'dot'; markdown?: boolean }) => {
      const scenario = loadOrExit(file, { quietWarnings: true });
      const tracks = opts.track === undefined ? scenario.tracks : scenario.tracks.filter((t) => t.id === opts.track);
      if (tracks.length === 0) {
        throw new UserError(`no track '${opts.track}' in ${file}`, `the tracks are: ${scenario.tracks.map((t) => t.id).join(', ')}`);
      }
      const models = tracks.map((track) => trackDiagramModel(scenario, track));
      if (opts.format === 'dot') {
        process.stdout.write(models.length === 1 ? trackDiagramDot(models[0]!) : tracksDiagramDot(scenario.file.id, scenario.file.title, models));
      } else if (opts.markdown) {
        process.stdout.write(models.map((m) => `### ${m.track.label} (\`${m.track.id}\`)\n\n\`\`\`mermaid\n${trackDiagramMermaid(m)}\`\`\`\n`).join('\n'));
      } else process.stdout.write(models.length === 1 ? trackDiagramMermaid(models[0]!) : tracksDiagramMermaid(models));
    });
}
