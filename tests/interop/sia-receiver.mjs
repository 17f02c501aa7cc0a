// A real SIA DC-09 receiver for the gateway's SIA sink tests: iobroker.sia's receiver class (build/lib/sia.js,
// pinned in package.json because that file is not the package's public API), run standalone on loopback.
//
//   node sia-receiver.mjs --port 12345 --account 1234 [--account 5678:00112233445566778899AABBCCDDEEFF] [--timeout 20]
//
// Listens on 127.0.0.1:<port> over TCP and UDP. --account ACCT[:HEXKEY]: an account it accepts, AES-encrypted when a
// hex key (16, 24 or 32 bytes) is given. --timeout: seconds a message's timestamp may differ from the receiver's
// clock before it answers NAK (its default 10). Prints one JSON line to stdout per event:
//   {"event":"listening","transport":"tcp"|"udp","port":N}
//   {"event":"message","id","seq","rpref","lpref","act","data_message","data_extended","ts"}   (answered ACK)
//   {"event":"rejected","error"}                                                                (answered NAK)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { sia } = require('iobroker.sia/build/lib/sia.js');

const args = process.argv.slice(2);
let port = 0;
let timeout = 10;
const accounts = [];
for (let i = 0; i < args.length; i += 2) {
  const [name, value] = [args[i], args[i + 1]];
  if (name === '--port') port = Number(value);
  else if (name === '--timeout') timeout = Number(value);
  else if (name === '--account') {
    const [accountnumber, key] = value.split(':');
    accounts.push(key ? { accountnumber, password: key, hex: true, aes: true } : { accountnumber, aes: false });
  } else {
    process.stderr.write(`unknown argument ${name}\n`);
    process.exit(2);
  }
}
if (!port || accounts.length === 0) {
  process.stderr.write('usage: sia-receiver.mjs --port N --account ACCT[:HEXKEY] ... [--timeout SECONDS]\n');
  process.exit(2);
}

const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
// Its own log goes to stderr, which the tests show when something fails.
const log = (level) => (text) => process.stderr.write(`[${level}] ${text}\n`);
const receiver = new sia({ host: '127.0.0.1', port, timeout, logger: { info: log('info'), debug: log('debug'), error: log('error') } });
receiver.setAccounts(accounts);
receiver.on('sia', (message, error) => {
  if (error) {
    print({ event: 'rejected', error });
    return;
  }
  const { id, seq, rpref, lpref, act, data_message, data_extended, ts } = message;
  print({ event: 'message', id, seq, rpref, lpref, act, data_message, data_extended, ts });
});
receiver.on('error', (error) => process.stderr.write(`[error event] ${error}\n`));
receiver.servertcp.once('listening', () => print({ event: 'listening', transport: 'tcp', port }));
receiver.serverudp.once('listening', () => print({ event: 'listening', transport: 'udp', port }));
receiver.serverStartTCP();
receiver.serverStartUDP();
