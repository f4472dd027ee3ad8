"""confluent-kafka 1.7.0 (librdkafka) driver for Tributary's compatibility tests (run by confluent-kafka.test.ts).

Usage:
  client.py produce  BOOTSTRAP TOPIC COUNT TAG [CODEC]  -> sends COUNT keyed messages (idempotent producer,
                                                           optional compression.codec), prints one JSON summary
  client.py consume  BOOTSTRAP TOPIC COUNT [GROUP]      -> reads up to COUNT messages (a group member when GROUP
                                                           is given, else assigned to every partition from the
                                                           beginning); commits synchronously when in a group
  client.py admin    BOOTSTRAP TOPIC PARTITIONS           -> AdminClient: create, list, describe configs, list
                                                           groups (legacy ListGroups v0), delete; prints JSON
Every wait is bounded; the process exits non-zero on any error.
"""
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic


def produce(bootstrap, topic, count, tag, codec):
    conf = {'bootstrap.servers': bootstrap, 'enable.idempotence': True, 'linger.ms': 5}
    if codec:
        conf['compression.codec'] = codec
    producer = Producer(conf)
    delivered, errors = {}, []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            delivered.setdefault(str(msg.partition()), []).append(msg.offset())

    for i in range(count):
        producer.produce(topic, key='%s-k%d' % (tag, i), value='%s-v%d' % (tag, i), on_delivery=on_delivery)
        producer.poll(0)
    left = producer.flush(20)
    print(json.dumps({'sent': count, 'unflushed': left, 'errors': errors,
                      'offsets': {p: [min(o), max(o), len(o)] for p, o in delivered.items()}}))


def consume(bootstrap, topic, count, group):
    conf = {'bootstrap.servers': bootstrap, 'group.id': group or 'unused-assign-only',
            'auto.offset.reset': 'earliest', 'enable.auto.commit': False,
            'session.timeout.ms': 10000, 'heartbeat.interval.ms': 500}
    consumer = Consumer(conf)
    if group:
        consumer.subscribe([topic])
    else:
        md = consumer.list_topics(topic, timeout=10)
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in sorted(md.topics[topic].partitions)])
    records = []
    deadline = time.time() + 20
    quiet_since = None
    while len(records) < count and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            # Stop after 2 s without messages once we hold partitions (a second run of a group reads nothing).
            if consumer.assignment():
                quiet_since = quiet_since or time.time()
                if time.time() - quiet_since > 2:
                    break
            continue
        quiet_since = None
        if msg.error():
            raise KafkaException(msg.error())
        records.append({'p': msg.partition(), 'o': msg.offset(), 'k': msg.key().decode() if msg.key() else None,
                        'v': msg.value().decode()})
    committed = {}
    if group:
        if records:
            consumer.commit(asynchronous=False)
        for tp in consumer.committed(consumer.assignment(), timeout=10):
            committed[str(tp.partition)] = tp.offset
    consumer.close()
    print(json.dumps({'records': records, 'committed': committed}))


def admin(bootstrap, topic, partitions):
    client = AdminClient({'bootstrap.servers': bootstrap})
    for future in client.create_topics([NewTopic(topic, partitions, 1, config={'cleanup.policy': 'compact'})]).values():
        future.result(10)
    md = client.list_topics(timeout=10)
    configs = {}
    for future in client.describe_configs([ConfigResource('topic', topic)]).values():
        configs = {name: entry.value for name, entry in future.result(10).items()}
    groups = sorted(g.id for g in client.list_groups(timeout=10))
    for future in client.delete_topics([topic], operation_timeout=10).values():
        future.result(10)
    print(json.dumps({'partitions': len(md.topics[topic].partitions), 'cleanup.policy': configs.get('cleanup.policy'),
                      'retention.ms': configs.get('retention.ms'), 'groups': groups}))


def main(argv):
    command, bootstrap, topic, count = argv[1], argv[2], argv[3], int(argv[4])
    if command == 'produce':
        produce(bootstrap, topic, count, argv[5], argv[6] if len(argv) > 6 else None)
    elif command == 'admin':
        admin(bootstrap, topic, count)
    elif command == 'consume':
        consume(bootstrap, topic, count, argv[5] if len(argv) > 5 else None)
    else:
        raise SystemExit('unknown command ' + command)


if __name__ == '__main__':
    main(sys.argv)
