"""kafka-python 2.0.2 driver for Tributary's compatibility tests (run by kafka-python.test.ts).

Usage:
  client.py produce  BOOTSTRAP TOPIC COUNT TAG [CODEC] -> sends COUNT keyed messages (optionally compressed),
                                                         prints one JSON summary
  client.py admin    BOOTSTRAP TOPIC PARTITIONS         -> KafkaAdminClient: create, list, describe configs,
                                                         list groups, delete; prints one JSON summary
  client.py consume  BOOTSTRAP TOPIC COUNT [GROUP]    -> reads up to COUNT messages (a group member when GROUP
                                                         is given, else assigned to every partition from the
                                                         beginning); commits when in a group; prints JSON
Every wait is bounded; the process exits non-zero on any error.
"""
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic


def produce(bootstrap, topic, count, tag, codec):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all', linger_ms=5, request_timeout_ms=10000,
                             compression_type=codec)
    futures = [producer.send(topic, key=('%s-k%d' % (tag, i)).encode(), value=('%s-v%d' % (tag, i)).encode()) for i in range(count)]
    producer.flush(timeout=20)
    offsets = {}
    for f in futures:
        md = f.get(timeout=10)
        offsets.setdefault(str(md.partition), []).append(md.offset)
    producer.close(timeout=5)
    print(json.dumps({'sent': count, 'api_version': list(producer.config['api_version']),
                      'offsets': {p: [min(o), max(o), len(o)] for p, o in offsets.items()}}))


def consume(bootstrap, topic, count, group):
    common = dict(bootstrap_servers=bootstrap, auto_offset_reset='earliest', enable_auto_commit=False,
                  consumer_timeout_ms=1000, request_timeout_ms=15000, session_timeout_ms=10000,
                  heartbeat_interval_ms=500)
    if group:
        consumer = KafkaConsumer(topic, group_id=group, **common)
    else:
        consumer = KafkaConsumer(group_id=None, **common)
        partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
    records = []
    deadline = time.time() + 20
    quiet_since = None
    # A group member waits for its assignment first; then we read until COUNT, or until 2 s pass without
    # messages while holding partitions (a second run of a group that committed everything reads nothing).
    while len(records) < count and time.time() < deadline:
        batch = consumer.poll(timeout_ms=500)
        for msgs in batch.values():
            for m in msgs:
                records.append({'p': m.partition, 'o': m.offset, 'k': m.key.decode() if m.key else None, 'v': m.value.decode()})
        if batch:
            quiet_since = None
        elif consumer.assignment():
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 2:
                break
    committed = {}
    if group:
        consumer.commit()
        for tp in consumer.assignment():
            committed[str(tp.partition)] = consumer.committed(tp)
    consumer.close()
    print(json.dumps({'records': records, 'committed': committed}))


def admin(bootstrap, topic, partitions):
    client = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    client.create_topics([NewTopic(topic, partitions, 1, topic_configs={'retention.ms': '3600000'})])
    listed = topic in client.list_topics()
    configs = {}
    for response in client.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)]):
        for resource in response.resources:
            for entry in resource[4]:
                configs[entry[0]] = entry[1]
    groups = sorted(g[0] for g in client.list_consumer_groups())
    client.delete_topics([topic])
    deleted = topic not in client.list_topics()
    client.close()
    print(json.dumps({'listed': listed, 'retention.ms': configs.get('retention.ms'),
                      'cleanup.policy': configs.get('cleanup.policy'), 'groups': groups, 'deleted': deleted}))


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
