import { AppError, ConfigError } from '@trivance/shared';
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), process.env).then(
  ({ code, output }) => {
    if (code === 0) console.log(output);
    else console.error(output);
    process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof AppError) {
      console.error(error.message, error instanceof AppError && error.errors ? error.errors : '');
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
