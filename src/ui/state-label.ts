interface StateConfig {
  readonly meta?: { readonly label?: unknown };
  readonly states?: Readonly<Record<string, StateConfig>>;
}

/**
 * What the screen calls a track's state: the `meta.label` of the deepest state on its path that has
 * one, else the state's id path. E.g. "active.mou" with `mou: { meta: { label: "MoU signed" } }`
 * is "MoU signed"; without labels it stays "active.mou".
 */
export function stateLabel(machine: StateConfig, key: string): string {
  let node: StateConfig | undefined = machine;
  let label: string | undefined;
  for (const part of key.split('.')) {
    node = node?.states?.[part];
    if (node === undefined) break;
    if (typeof node.meta?.label === 'string' && node.meta.label !== '') label = node.meta.label;
  }
  return label ?? key;
}
