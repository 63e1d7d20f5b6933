/**
 * A project's tsconfig.json as tsc reads it (`extends`, `include`, `files` resolved), for leash's
 * hosts and `leash build`. A file TypeScript cannot read at all gives undefined; each caller says
 * so in its own words.
 */
import type * as TS from 'typescript';

export function readTsconfig(ts: typeof TS, configFile: string): TS.ParsedCommandLine | undefined {
  return ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
}
