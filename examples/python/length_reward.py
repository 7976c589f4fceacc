#!/usr/bin/env python3
"""An external reward component for grpo-streams, written from schemas/README.md alone.

Reads grpo.rollouts and writes, for every rollout, one RewardScore whose value is the completion's
length as a fraction of its token budget (completion tokens / max_new_tokens) to
grpo.rewards.<component>, on the rollout's own partition and with the rollout's key, in Kafka
transactions that also commit the consumed offsets: each rollout is scored exactly once, even
across crashes.

Needs Debian's python3-confluent-kafka (librdkafka) and python3-avro; no project code.

    python3 length_reward.py --bootstrap-servers HOST:PORT \\
        --history schemas/src/main/resources/dev/grpo/schemas/history [--component length]

SIGINT/SIGTERM stop it after the batch in hand.
"""

import argparse
import glob
import io
import json
import os
import re
import signal
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
CRC64_EMPTY = 0xC15D213AA4D7A795


def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (CRC64_EMPTY & -(fp & 1))
        table.append(fp)
    return table


CRC64_TABLE = _crc64_table()


def canonical(schema, namespace=""):
    """Parsing Canonical Form of a parsed .avsc, as a JSON-ready value (schemas/README.md)."""
    if isinstance(schema, list):
        return [canonical(branch, namespace) for branch in schema]
    if isinstance(schema, str):
        if schema in PRIMITIVES or "." in schema or not namespace:
            return schema
        return f"{namespace}.{schema}"
    if schema["type"] in PRIMITIVES:
        return schema["type"]
    if schema["type"] in ("array", "map"):
        key = "items" if schema["type"] == "array" else "values"
        return {"type": schema["type"], key: canonical(schema[key], namespace)}
    name = schema["name"]
    if "." not in name:
        namespace = schema.get("namespace", namespace)
        name = f"{namespace}.{name}" if namespace else name
    else:
        namespace = name.rsplit(".", 1)[0]
    out = {"name": name, "type": schema["type"]}
    if schema["type"] == "record":
        out["fields"] = [{"name": f["name"], "type": canonical(f["type"], namespace)} for f in schema["fields"]]
    elif schema["type"] == "enum":
        out["symbols"] = schema["symbols"]
    else:
        out["size"] = schema["size"]
    return out


def fingerprint(parsed):
    """CRC-64-AVRO of the schema's Parsing Canonical Form (python3-avro's own gets logical types wrong)."""
    fp = CRC64_EMPTY
    form = json.dumps(canonical(parsed), separators=(",", ":"), ensure_ascii=False)
    for byte in form.encode("utf-8"):
        fp = (fp >> 8) ^ CRC64_TABLE[(fp ^ byte) & 0xFF]
    return fp


def without_logical_types(schema):
    """The schema with logicalType dropped: timestamps stay plain int longs, as on the wire."""
    if isinstance(schema, list):
        return [without_logical_types(s) for s in schema]
    if isinstance(schema, dict):
        return {k: without_logical_types(v) for k, v in schema.items() if k != "logicalType"}
    return schema


def versions(history, record):
    """(fingerprint, parsed schema) of every shipped version of one record, oldest first."""
    files = glob.glob(os.path.join(history, record, "v*.avsc"))
    files.sort(key=lambda f: int(re.search(r"v(\d+)\.avsc$", f).group(1)))
    out = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            parsed = json.load(f)
        out.append((fingerprint(parsed), avro.schema.parse(json.dumps(without_logical_types(parsed)))))
    return out


class UndecodableRecord(Exception):
    """Bytes that are no record at all: the assembler dead-letters them too, nothing is owed for them."""


class UnknownSchema(Exception):
    """A record of a schema version newer than these files: stop, skipping would leave its group waiting."""


class Decoder:
    """Reads single-object encoded records of any shipped version, resolved to the newest."""

    def __init__(self, writers):
        self.reader = writers[-1][1]
        self.writers = dict(writers)

    def decode(self, value):
        if value is None or len(value) < 10 or value[:2] != b"\xc3\x01":
            raise UndecodableRecord("not single-object encoded (no C3 01 marker)")
        (fp,) = struct.unpack("<Q", value[2:10])
        if fp not in self.writers:
            raise UnknownSchema(f"unknown schema fingerprint 0x{fp:016x}: written by a newer release, "
                                "fetch its schema history")
        body = io.BytesIO(value[10:])
        try:
            record = avro.io.DatumReader(self.writers[fp], self.reader).read(avro.io.BinaryDecoder(body))
        except Exception as e:  # the avro package raises assorted errors on corrupt bytes
            raise UndecodableRecord(f"corrupt record: {e}") from e
        if body.read(1):
            raise UndecodableRecord("trailing bytes after the record")
        return record


def encode(fp, schema, record):
    body = io.BytesIO()
    avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(body))
    return b"\xc3\x01" + struct.pack("<Q", fp) + body.getvalue()


def score(rollout, component, score_schema):
    tokens = len(rollout["completion_token_ids"])
    budget = rollout["sampling"]["max_new_tokens"]
    fp, schema = score_schema
    return encode(fp, schema, {
        "rollout_id": rollout["rollout_id"],
        "group_id": rollout["group_id"],
        "index": rollout["index"],
        "group_size": rollout["group_size"],
        "component": component,
        "value": tokens / budget,
        "reward_version": "length-python-1",
        "details": f"{tokens} of {budget} tokens, policy {rollout['policy_version']}",
        "scored_at": int(time.time() * 1000),
    })


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default="localhost:9092")
    parser.add_argument("--history", required=True,
                        help="schemas/src/main/resources/dev/grpo/schemas/history")
    parser.add_argument("--component", default="length")
    parser.add_argument("--rollouts", default="grpo.rollouts")
    parser.add_argument("--rewards", help="default: grpo.rewards.<component>")
    parser.add_argument("--group", help="default: grpo-reward-<component>")
    parser.add_argument("--transactional-id", help="default: <group>-1")
    return parser.parse_args()


def run(args):
    rewards_topic = args.rewards or f"grpo.rewards.{args.component}"
    group = args.group or f"grpo-reward-{args.component}"
    rollouts = Decoder(versions(args.history, "Rollout"))
    score_schema = versions(args.history, "RewardScore")[-1]
    consumer = Consumer({"bootstrap.servers": args.bootstrap_servers, "group.id": group,
                         "isolation.level": "read_committed", "enable.auto.commit": False,
                         "auto.offset.reset": "earliest"})
    # Every score names its partition (the rollout's), so no partitioner decides anything here; were it keyed
    # only, librdkafka's default (consistent_random, CRC32) would pick other partitions than Java's murmur2.
    producer = Producer({"bootstrap.servers": args.bootstrap_servers, "partitioner": "murmur2_random",
                         "transactional.id": args.transactional_id or f"{group}-1"})
    producer.init_transactions()
    consumer.subscribe([args.rollouts])
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    signal.signal(signal.SIGINT, lambda *_: running.__setitem__(0, False))
    print(f"length-reward (python) reading {args.rollouts} as {group}, writing {rewards_topic}", flush=True)
    try:
        while running[0]:
            batch = [m for m in consumer.consume(num_messages=500, timeout=0.5) if not _partition_event(m)]
            if not batch:
                continue
            producer.begin_transaction()
            scored = 0
            for message in batch:
                try:
                    value = score(rollouts.decode(message.value()), args.component, score_schema)
                except UndecodableRecord as e:
                    print(f"skipping {message.topic()}/{message.partition()}@{message.offset()}: {e}",
                          file=sys.stderr, flush=True)
                    continue
                except UnknownSchema as e:
                    producer.abort_transaction()
                    print(f"length-reward: {message.topic()}/{message.partition()}@{message.offset()}: {e}",
                          file=sys.stderr, flush=True)
                    return 2
                producer.produce(rewards_topic, value=value, key=message.key(), partition=message.partition())
                scored += 1
            producer.send_offsets_to_transaction(consumer.position(consumer.assignment()),
                                                 consumer.consumer_group_metadata())
            producer.commit_transaction()
            print(f"scored {scored} rollout(s)", flush=True)
    finally:
        consumer.close()
    return 0


def _partition_event(message):
    """True for the end-of-partition events librdkafka reports as messages; raises a real error."""
    if message.error() is None:
        return False
    if message.error().code() == -191:  # KafkaError._PARTITION_EOF
        return True
    raise KafkaException(message.error())


if __name__ == "__main__":
    sys.exit(run(arguments()))
