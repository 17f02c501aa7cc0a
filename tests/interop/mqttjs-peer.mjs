// MQTT.js as an independent MQTT peer for the SosPost.Mqtt interop tests.
// Prints one JSON object per line on stdout: connected, subscribed, message, published, done, error.
//
//   node mqttjs-peer.mjs --url mqtt://127.0.0.1:1883 --username u --password p --protocol 4|5 \
//        --mode subscribe --topic 'a/#' --qos 1 --count 3
//   node mqttjs-peer.mjs ... --mode publish --topic a/b --qos 1 --payloads 68656c6c6f,,00ff
//
// Payloads are hex, comma separated (an empty item is an empty payload). Exits 0 when done, 1 on error,
// 2 when --timeout-ms passes first.
import mqtt from 'mqtt';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected --name value pairs, got '${argv[i]}'`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

const print = (event) => process.stdout.write(JSON.stringify(event) + '\n');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const qos = Number(args.qos ?? 1);
  const timer = setTimeout(() => {
    print({ event: 'error', message: `timed out after ${args['timeout-ms'] ?? 20000} ms` });
    process.exit(2);
  }, Number(args['timeout-ms'] ?? 20000));

  const client = await mqtt.connectAsync(args.url, {
    clientId: args['client-id'] ?? `mqttjs-${process.pid}`,
    username: args.username,
    password: args.password,
    protocolVersion: Number(args.protocol ?? 4),
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 10000,
  });
  print({ event: 'connected' });

  if (args.mode === 'subscribe') {
    const count = Number(args.count ?? 1);
    let received = 0;
    const finished = new Promise((resolve) => {
      client.on('message', (topic, payload, packet) => {
        print({ event: 'message', topic, payloadHex: payload.toString('hex'), qos: packet.qos, retain: packet.retain });
        received += 1;
        if (received === count) {
          resolve();
        }
      });
    });
    const granted = await client.subscribeAsync(args.topic, { qos });
    print({ event: 'subscribed', granted: granted.map((g) => g.qos) });
    await finished;
  } else if (args.mode === 'publish') {
    const payloads = (args.payloads ?? '').split(',');
    for (let i = 0; i < payloads.length; i += 1) {
      await client.publishAsync(args.topic, Buffer.from(payloads[i], 'hex'), { qos });
      print({ event: 'published', index: i });
    }
  } else {
    throw new Error(`--mode must be publish or subscribe, got '${args.mode}'`);
  }

  await client.endAsync();
  clearTimeout(timer);
  print({ event: 'done' });
}

main().catch((error) => {
  print({ event: 'error', message: String(error?.message ?? error) });
  process.exit(1);
});
