/**
 * A Python pickle reader for what torch.save writes (protocol 2, plus the protocol 3-4 opcodes a newer writer may
 * use). Written by hand: it is ~250 lines, the opcodes are fixed by CPython's pickletools, and a general JavaScript
 * unpickler would still need every torch-specific global mapped. Nothing in the file is evaluated: a global is a
 * name looked up in a fixed table (`resolveCall`); any other global becomes an `OpaqueValue` naming it, which the
 * checkpoint reader turns into a named error when it sits in the parts it needs.
 */

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyDict
  | PyObject
  | PyGlobal
  | OpaqueValue
  | object;

export type PyDict = Map<PyValue, PyValue>;

/** An instance of a known class (argparse.Namespace): its attributes. */
export class PyObject {
  readonly attributes = new Map<string, PyValue>();
  constructor(readonly className: string) {}
}

/** A global (module.name) as the pickle named it; never resolved to code. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** The result of calling a global this reader does not know: kept only to name it in an error. */
export class OpaqueValue {
  constructor(readonly global: string) {}
}

/** Thrown when the pickle runs past the bytes given (the caller may retry with more). */
export class PickleEndError extends Error {
  constructor() {
    super('the pickle data ended before its STOP opcode');
    this.name = 'PickleEndError';
  }
}

export class PickleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PickleError';
  }
}

export interface PickleHooks {
  /** What calling `callable` (a REDUCE or NEWOBJ) with `args` gives, or undefined for an unknown global. */
  call(callable: PyGlobal, args: PyValue[]): PyValue | undefined;
  /** Resolves a persistent id (torch's storage references). */
  persistentLoad(pid: PyValue): PyValue;
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

/** Unpickles one object from `bytes` at `start`; returns it and the offset after its STOP opcode. */
export function unpickle(bytes: Uint8Array, hooks: PickleHooks, start = 0): { value: PyValue; end: number } {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  const stack: StackItem[] = [];
  const memo = new Map<number, PyValue>();
  let at = start;

  const need = (n: number): void => {
    if (at + n > bytes.length) throw new PickleEndError();
  };
  const u8 = (): number => (need(1), bytes[at++]!);
  const u16 = (): number => (need(2), (at += 2), data.getUint16(at - 2, true));
  const u32 = (): number => (need(4), (at += 4), data.getUint32(at - 4, true));
  const i32 = (): number => (need(4), (at += 4), data.getInt32(at - 4, true));
  const u64 = (): number => {
    need(8);
    const value = data.getBigUint64(at, true);
    at += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new PickleError('a pickle length is too large');
    return Number(value);
  };
  const take = (n: number): Uint8Array => (need(n), (at += n), bytes.subarray(at - n, at));
  const line = (): string => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw new PickleEndError();
    const value = latin1.decode(bytes.subarray(at, end));
    at = end + 1;
    return value;
  };
  const pop = (): PyValue => {
    const item = stack.pop();
    if (item === undefined || item === MARK) throw new PickleError('pickle stack underflow');
    return item;
  };
  const top = (): PyValue => {
    const item = stack[stack.length - 1];
    if (item === undefined || item === MARK) throw new PickleError('pickle stack underflow');
    return item;
  };
  const popMark = (): PyValue[] => {
    const index = stack.lastIndexOf(MARK);
    if (index < 0) throw new PickleError('pickle MARK missing');
    const items = stack.splice(index) as PyValue[];
    items.shift();
    return items;
  };
  const signedLittle = (raw: Uint8Array): number | bigint => {
    let value = 0n;
    for (let i = raw.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(raw[i]!);
    if (raw.length > 0 && raw[raw.length - 1]! & 0x80) value -= 1n << BigInt(8 * raw.length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };
  const call = (callable: PyValue, args: PyValue): PyValue => {
    if (!(callable instanceof PyGlobal)) return new OpaqueValue('a non-global callable');
    const list = Array.isArray(args) ? args : [];
    return hooks.call(callable, list) ?? new OpaqueValue(callable.qualifiedName);
  };
  const setItems = (target: PyValue, items: PyValue[]): void => {
    if (!(target instanceof Map)) return; // an opaque object's items are dropped: never used
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i]!, items[i + 1]!);
  };
  const append = (target: PyValue, items: PyValue[]): void => {
    if (Array.isArray(target)) target.push(...items);
  };

  for (;;) {
    const opcode = u8();
    switch (opcode) {
      case 0x80: // PROTO
        if (u8() > 5) throw new PickleError('unsupported pickle protocol');
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return { value: pop(), end: at };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        stack.pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(signedLittle(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(signedLittle(take(i32())));
        break;
      case 0x49: {
        // INT (text): also encodes True/False as 01/00
        const value = line();
        stack.push(value === '01' ? true : value === '00' ? false : parseDecimal(value));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(parseDecimal(line().replace(/L$/, '')));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(data.getFloat64(at, false));
        at += 8;
        break;
      case 0x46: // FLOAT (text)
        stack.push(parseDecimal(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(text.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text.decode(take(u64())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(i32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x8f: // EMPTY_SET
        stack.push([]);
        break;
      case 0x64: {
        // DICT
        const dict: PyDict = new Map();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        append(top(), [item]);
        break;
      }
      case 0x65: // APPENDS
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(popMark());
        break;
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET
        const index = opcode === 0x68 ? u8() : opcode === 0x6a ? u32() : Number(line());
        if (!memo.has(index)) throw new PickleError(`pickle memo ${index} is missing`);
        stack.push(memo.get(index)!);
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(new PyGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        stack.push(new PyGlobal(String(module), String(name)));
        break;
      }
      case 0x52: // REDUCE
      case 0x81: {
        // NEWOBJ
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        pop();
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const target = top();
        if (target instanceof PyObject && state instanceof Map) {
          for (const [key, value] of state) target.attributes.set(String(key), value);
        }
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      case 0x50: // PERSID
        stack.push(hooks.persistentLoad(line()));
        break;
      default:
        throw new PickleError(`unsupported pickle opcode 0x${opcode.toString(16).padStart(2, '0')} at byte ${at - 1}`);
    }
  }
}

function parseDecimal(text: string): number {
  if (!/^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|inf|nan)$/i.test(text.trim())) {
    throw new PickleError(`a pickle number is malformed: ${JSON.stringify(text.slice(0, 20))}`);
  }
  return Number(text);
}
