import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');

let loaded: YamlModule | undefined;

/**
 * The `yaml` package, loaded on first use. Loading it takes longer than parsing the flagship as
 * JSON does, so commands given a JSON scenario never pay for it. Its Node build is CommonJS, so a
 * synchronous require gives the same module an import would.
 */
export function yamlModule(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
