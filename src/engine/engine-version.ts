/** Bumped when a change alters results for the same scenario and seed; written into every output. */
export const ENGINE_VERSION = '0.1.0';
