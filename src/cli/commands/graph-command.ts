import type { Command } from 'commander';
import { Option } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { UserError } from '../user-error.js';
import { trackDiagramModel } from '../../report/track-diagram-model.js';
import { trackDiagramMermaid } from '../../report/track-diagram-mermaid.js';
import { trackDiagramDot } from '../../report/track-diagram-dot.js';

/** `parley graph <scenario>`: each track's machine as a Mermaid or Graphviz diagram. */
export function registerGraphCommand(program: Command): void {
  program
    .command('graph')
    .description(
      "Draw each track's state machine: guards and the moves that send each event on the edges, final states marked, deal states highlighted. Mermaid renders on GitHub; dot renders with Graphviz.",
    )
    .argument('<scenario>', 'scenario file')
    .option('--track <id>', 'draw only this track')
    .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'))
    .option('--markdown', 'wrap Mermaid diagrams in ```mermaid fences with a heading per track')
    .addHelpText(
      'after',
      '\nExamples:\n  $ parley graph scenarios/supplier-duel.json --track newcomer\n  $ parley graph scenarios/supplier-duel.json --format dot | dot -Tsvg > tracks.svg',
    )
    .action((file: string, opts: { track?: string; format: 'mermaid' | 'dot'; markdown?: boolean }) => {
      const scenario = loadOrExit(file, { quietWarnings: true });
      const tracks = opts.track === undefined ? scenario.tracks : scenario.tracks.filter((t) => t.id === opts.track);
      if (tracks.length === 0) {
        throw new UserError(`no track '${opts.track}' in ${file}`, `the tracks are: ${scenario.tracks.map((t) => t.id).join(', ')}`);
      }
      const out: string[] = [];
      for (const track of tracks) {
        const model = trackDiagramModel(scenario, track);
        if (opts.format === 'dot') out.push(trackDiagramDot(model));
        else if (opts.markdown) out.push(`### ${track.label} (\`${track.id}\`)\n\n\`\`\`mermaid\n${trackDiagramMermaid(model)}\`\`\`\n`);
        else out.push(trackDiagramMermaid(model));
      }
      process.stdout.write(out.join('\n'));
    });
}
