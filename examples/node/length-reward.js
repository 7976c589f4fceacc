'use strict';

// An external reward component for grpo-streams, written from schemas/README.md alone (kafkajs + avsc, no
// project code): it reads grpo.rollouts and writes, for every rollout, one RewardScore whose value is the
// completion's length as a fraction of its token budget (completion tokens / max_new_tokens) to
// grpo.rewards.<component>, on the rollout's own partition and with the rollout's key, in Kafka
// transactions that also commit the consumed offsets: each rollout is scored exactly once, even across crashes.
//
// Usage: node length-reward.js --bootstrap-servers HOST:PORT --history DIR [--component length]
//          [--rollouts grpo.rollouts] [--rewards grpo.rewards.<component>] [--group grpo-reward-<component>]
//          [--transactional-id grpo-reward-<component>-1]
// DIR is schemas/src/main/resources/dev/grpo/schemas/history. SIGINT/SIGTERM stop it after the batch in hand.

const fs = require('fs');
const path = require('path');
const {parseArgs} = require('util');
const avro = require('avsc');
const {Kafka, Partitioners, logLevel} = require('kafkajs');

// Avro longs are 64-bit; JavaScript numbers hold 53 bits exactly. avsc's default long type refuses (or, with
// a looser setting, rounds) anything larger, so every long is read and written as a BigInt instead:
// policy_version (and each item of token_policy_versions), created_at, finished_at and scored_at all are longs.
const bigIntLong = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a === b ? 0 : a < b ? -1 : 1),
});

// CRC-64-AVRO (Avro's 64-bit Rabin fingerprint) of a schema's Parsing Canonical Form, which avsc's
// type.schema() returns (logical types, docs, defaults and namespaces dropped; names fully qualified).
const CRC64_EMPTY = 0xc15d213aa4d7a795n;
const CRC64_TABLE = Array.from({length: 256}, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) {
    fp = (fp >> 1n) ^ (CRC64_EMPTY & -(fp & 1n));
  }
  return fp;
});

function fingerprint(type) {
  let fp = CRC64_EMPTY;
  for (const byte of Buffer.from(JSON.stringify(type.schema()), 'utf8')) {
    fp = (fp >> 8n) ^ CRC64_TABLE[Number((fp ^ BigInt(byte)) & 0xffn)];
  }
  return fp;
}

function parseSchema(file) {
  // The registry maps a bare "long"; the hook maps {"type": "long", "logicalType": "timestamp-millis"}.
  return avro.Type.forSchema(JSON.parse(fs.readFileSync(file, 'utf8')), {
    registry: {long: bigIntLong},
    typeHook: (schema) => (schema !== null && typeof schema === 'object' && schema.type === 'long' ? bigIntLong : undefined),
  });
}

/** Every shipped version of one record, oldest first. */
function versions(history, record) {
  const dir = path.join(history, record);
  return fs.readdirSync(dir)
    .filter((name) => /^v\d+\.avsc$/.test(name))
    .sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)))
    .map((name) => parseSchema(path.join(dir, name)));
}

/** Reads single-object encoded records written with any shipped version, resolved to the newest. */
class Decoder {
  constructor(writers) {
    this.reader = writers[writers.length - 1];
    this.resolvers = new Map(writers.map((w) => [fingerprint(w), this.reader.createResolver(w)]));
  }

  decode(bytes) {
    if (bytes === null || bytes.length < 10 || bytes[0] !== 0xc3 || bytes[1] !== 0x01) {
      throw new UndecodableRecord('not single-object encoded (no C3 01 marker)');
    }
    const fp = bytes.readBigUInt64LE(2);
    const resolver = this.resolvers.get(fp);
    if (resolver === undefined) {
      throw new UnknownSchema(`unknown schema fingerprint 0x${fp.toString(16).padStart(16, '0')}: `
        + 'written by a newer release, fetch its schema history');
    }
    try {
      return this.reader.fromBuffer(bytes.subarray(10), resolver); // rejects trailing bytes too
    } catch (e) {
      throw new UndecodableRecord(`corrupt record: ${e.message}`);
    }
  }
}

class UndecodableRecord extends Error {}
class UnknownSchema extends Error {}

function encode(type, record) {
  const header = Buffer.alloc(10);
  header[0] = 0xc3;
  header[1] = 0x01;
  header.writeBigUInt64LE(fingerprint(type), 2);
  return Buffer.concat([header, type.toBuffer(record)]);
}

function score(rollout, component, rewardScore) {
  const tokens = rollout.completion_token_ids.length;
  const budget = rollout.sampling.max_new_tokens;
  return encode(rewardScore, {
    rollout_id: rollout.rollout_id,
    group_id: rollout.group_id,
    index: rollout.index,
    group_size: rollout.group_size,
    component,
    value: tokens / budget,
    reward_version: 'length-node-1',
    details: `${tokens} of ${budget} tokens, policy ${rollout.policy_version}`,
    scored_at: BigInt(Date.now()),
  });
}

async function main() {
  const {values: opts} = parseArgs({
    options: {
      'bootstrap-servers': {type: 'string', default: 'localhost:9092'},
      history: {type: 'string'},
      component: {type: 'string', default: 'length'},
      rollouts: {type: 'string', default: 'grpo.rollouts'},
      rewards: {type: 'string'},
      group: {type: 'string'},
      'transactional-id': {type: 'string'},
    },
  });
  if (!opts.history) {
    throw new Error('--history DIR (schemas/src/main/resources/dev/grpo/schemas/history) is required');
  }
  const component = opts.component;
  const rewardsTopic = opts.rewards || `grpo.rewards.${component}`;
  const groupId = opts.group || `grpo-reward-${component}`;
  const rollouts = new Decoder(versions(opts.history, 'Rollout'));
  const scoreVersions = versions(opts.history, 'RewardScore');
  const rewardScore = scoreVersions[scoreVersions.length - 1];

  const kafka = new Kafka({clientId: groupId, brokers: opts['bootstrap-servers'].split(','), logLevel: logLevel.WARN});
  // Every score names its partition (the rollout's), so no partitioner decides anything here; were it keyed only,
  // kafkajs 2's DefaultPartitioner is Java's murmur2 (its LegacyPartitioner is not).
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    transactionalId: opts['transactional-id'] || `${groupId}-1`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  const consumer = kafka.consumer({groupId, readUncommitted: false});
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({topics: [opts.rollouts], fromBeginning: true});

  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await consumer.disconnect();
    await producer.disconnect();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await consumer.run({
    autoCommit: false,
    eachBatch: async ({batch}) => {
      if (batch.isEmpty()) {
        return;
      }
      const transaction = await producer.transaction();
      try {
        const messages = [];
        for (const message of batch.messages) {
          try {
            messages.push({key: message.key, value: score(rollouts.decode(message.value), component, rewardScore),
              partition: batch.partition});
          } catch (e) {
            if (e instanceof UnknownSchema) {
              // The rest of the pipeline may read it: skipping would leave its group waiting for this score.
              await transaction.abort();
              console.error(`length-reward: ${batch.topic}/${batch.partition}@${message.offset}: ${e.message}`);
              process.exit(2);
            }
            if (!(e instanceof UndecodableRecord)) {
              throw e;
            }
            // The assembler cannot read it either and dead-letters it; nothing is owed for it.
            console.error(`skipping ${batch.topic}/${batch.partition}@${message.offset}: ${e.message}`);
          }
        }
        if (messages.length > 0) {
          await transaction.send({topic: rewardsTopic, messages});
        }
        await transaction.sendOffsets({consumerGroupId: groupId, topics: [{topic: batch.topic,
          partitions: [{partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString()}]}]});
        await transaction.commit();
        console.log(`scored ${messages.length} rollout(s) of ${batch.topic}/${batch.partition}`);
      } catch (e) {
        await transaction.abort();
        throw e;
      }
    },
  });
  console.log(`length-reward (node) reading ${opts.rollouts} as ${groupId}, writing ${rewardsTopic}`);
}

main().catch((e) => {
  console.error(`length-reward: ${e.message}`);
  process.exit(1);
});
