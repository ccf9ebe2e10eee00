import { CONTROL_PATHS } from './control';
import { FAKE_VALID_KEY, startFakeAiml } from './server';

/** `npm run fake-api`: the fake AI/ML API for trying the app by hand. */
const DEFAULT_PORT = 8787;

const port = Number(process.env.PORT ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}".`);
  process.exit(2);
}

const fake = await startFakeAiml({ port });
console.log(`Fake AI/ML API listening.
  Base URL:  ${fake.baseUrl}
  Valid key: ${FAKE_VALID_KEY}
  Next answers: curl -X POST ${fake.origin}${CONTROL_PATHS.scenario} -H 'content-type: application/json' -d '{"name":"429","times":2}'
  Requests seen: curl ${fake.origin}${CONTROL_PATHS.requests}
Press Ctrl+C to stop.`);

const stop = () => {
  fake.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
