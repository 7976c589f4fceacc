'use strict';

// Proves the contracts are portable: every .avsc parses with avsc (a JavaScript Avro
// implementation), its CRC-64-AVRO fingerprint is computed here from the Parsing Canonical Form
// exactly as schemas/README.md describes, and the README's hex dump decodes without any Java.
//
// Usage: node parse-avsc.js [--readme README.md --sample SCHEMA.avsc] FILE_OR_DIR...
// Exits non-zero on the first failure.

const fs = require('fs');
const path = require('path');
const avro = require('avsc');

const CRC64_EMPTY = 0xc15d213aa4d7a795n;
const MASK64 = (1n << 64n) - 1n;
const CRC64_TABLE = Array.from({length: 256}, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) {
    fp = (fp >> 1n) ^ (CRC64_EMPTY & -(fp & 1n));
  }
  return fp & MASK64;
});

function fingerprint(type) {
  let fp = CRC64_EMPTY;
  for (const byte of Buffer.from(JSON.stringify(type.schema()), 'utf8')) {
    fp = (fp >> 8n) ^ CRC64_TABLE[Number((fp ^ BigInt(byte)) & 0xffn)];
  }
  return fp;
}

function hex64(value) {
  return '0x' + value.toString(16).padStart(16, '0');
}

function schemaFiles(target) {
  if (fs.statSync(target).isDirectory()) {
    return fs.readdirSync(target).sort().flatMap((entry) => schemaFiles(path.join(target, entry)));
  }
  return target.endsWith('.avsc') ? [target] : [];
}

function parse(file) {
  return avro.Type.forSchema(JSON.parse(fs.readFileSync(file, 'utf8')));
}

function readmeSample(readme) {
  const text = fs.readFileSync(readme, 'utf8');
  const block = /<!-- hexdump:begin -->\s*```text\n([\s\S]*?)```/.exec(text);
  if (!block) {
    throw new Error(`${readme} has no hex dump between <!-- hexdump:begin --> and a text block`);
  }
  const hex = block[1].split('\n').map((line) => line.replace(/^[0-9a-f]{4}:/, '')).join('').replace(/\s+/g, '');
  return Buffer.from(hex, 'hex');
}

function decodeSample(readme, schemaFile) {
  const type = parse(schemaFile);
  const bytes = readmeSample(readme);
  if (bytes[0] !== 0xc3 || bytes[1] !== 0x01) {
    throw new Error(`sample does not start with the single-object marker c3 01`);
  }
  const written = bytes.readBigUInt64LE(2);
  if (written !== fingerprint(type)) {
    throw new Error(`sample fingerprint ${hex64(written)} is not ${type.name}'s ${hex64(fingerprint(type))}`);
  }
  // fromBuffer rejects trailing bytes, so this also checks the dump holds exactly one record.
  const value = type.fromBuffer(bytes.subarray(10));
  console.log(`decoded ${type.name} from ${readme}: ${JSON.stringify(value)}`);
}

function main(args) {
  const targets = [];
  let readme = null;
  let sample = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--readme') {
      readme = args[++i];
    } else if (args[i] === '--sample') {
      sample = args[++i];
    } else {
      targets.push(args[i]);
    }
  }
  const files = targets.flatMap(schemaFiles);
  if (files.length === 0) {
    throw new Error('no .avsc files given');
  }
  for (const file of files) {
    const type = parse(file);
    console.log(`parsed ${file} as ${type.name} fingerprint ${hex64(fingerprint(type))}`);
  }
  console.log(`parsed ${files.length} schema files with avsc ${require('avsc/package.json').version}`);
  if (readme !== null) {
    decodeSample(readme, sample);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`parse-avsc: ${e.message}`);
  process.exit(1);
}
