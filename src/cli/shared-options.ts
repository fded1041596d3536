import { type Command, InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return port;
}

/** Flags shared by commands that start a server (`up`, later `demo`). */
export function addServerOptions(command: Command): Command {
  return command
    .option('-p, --port <port>', 'UI and API port [env: CAIRN_PORT] (default: 7420)', parsePort)
    .option(
      '--otlp-port <port>',
      'extra OTLP/HTTP port, 0 = off [env: CAIRN_OTLP_PORT] (default: 4318)',
      parsePort,
    )
    .option('--host <address>', 'address to bind [env: CAIRN_HOST] (default: 0.0.0.0)')
    .option('-d, --data-dir <dir>', 'data directory [env: CAIRN_DATA_DIR] (default: ./.cairn)')
    .option('-c, --config <file>', 'cairn.yaml to read [env: CAIRN_CONFIG]');
}

/** Flags of commands that call a running Cairn's API: where it is and which token to send. */
export function addApiTargetOptions(command: Command): Command {
  return command
    .option('--url <url>', 'Cairn base URL [env: CAIRN_URL] (default: http://localhost:7420)')
    .option('--token <token>', 'API token [env: CAIRN_TOKEN] (default: the data dir’s admin-token file)')
    .option(
      '-d, --data-dir <dir>',
      'data dir to find admin-token in [env: CAIRN_DATA_DIR] (default: ./.cairn)',
    );
}
