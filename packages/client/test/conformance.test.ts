import { startTestBroker } from '@tributary/test-kit';
import { inProcess, kafkajs } from '@tributary/client';
import { clientConformance } from '@tributary/client/testing';

const brokerConfig = { 'auto.create.topics.enable': false };

clientConformance('in-process', async () => {
  const b = await startTestBroker({ config: brokerConfig });
  return { transport: inProcess(b.broker), close: () => b.cleanup() };
});

clientConformance('kafkajs over TCP', async () => {
  const b = await startTestBroker({ config: brokerConfig });
  const transport = kafkajs({ 'bootstrap.servers': b.bootstrap, retry: { retries: 3, initialRetryTime: 50, maxRetryTime: 500 } });
  return { transport, close: () => b.cleanup() };
});
