#!/usr/bin/env node
// The `callboard` command from a clone: loads the TypeScript CLI through tsx in this process.
import { register } from 'tsx/esm/api';

register();
process.env.CALLBOARD_CLI_MAIN = '1';
await import('../core/daemon/cli.ts');
