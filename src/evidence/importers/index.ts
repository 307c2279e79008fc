/** The registry of importers; each lives in its own file beside this one. */
import type { Importer } from "./types.js";

export const IMPORTERS: readonly Importer[] = [];

export const findImporter = (id: string): Importer | undefined => IMPORTERS.find((i) => i.id === id);
