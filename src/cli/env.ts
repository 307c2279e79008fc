/** The environment, read here once and handed to loadConfig (the only reader of configuration). */
export const env = (): Readonly<Record<string, string | undefined>> => process.env;
