// The entry file with one command more in the registry: what adding a command takes besides its file.

import { COMMANDS } from '../../src/commands/registry';
import { tally } from '../fixtures/tallyCommand';

COMMANDS.push(tally);

export * from '../../src/entrypoints';
