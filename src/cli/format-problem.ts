import type { ScenarioProblem } from '../scenario/scenario-error.js';

const useColor = (stream: NodeJS.WriteStream) => stream.isTTY === true && !process.env.NO_COLOR;

/** `file:line:col error CODE message` then an indented hint, like compilers print. */
export function formatProblem(p: ScenarioProblem, stream: NodeJS.WriteStream = process.stderr): string {
  const color = useColor(stream);
  const sev = p.severity === 'error' ? (color ? '\x1b[31merror\x1b[0m' : 'error') : color ? '\x1b[33mwarning\x1b[0m' : 'warning';
  const where = `${p.location.file}:${p.location.line}:${p.location.column}`;
  const head = `${color ? `\x1b[1m${where}\x1b[0m` : where} ${sev} ${p.code}: ${p.message}`;
  return p.hint ? `${head}\n    hint: ${p.hint}` : head;
}
