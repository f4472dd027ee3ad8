import { Reader, Writer } from '@tributary/protocol';

const w = new Writer();
w.writeVarint(-1).writeCompactString('tributary');
const r = new Reader(w.toBuffer());
console.log(r.readVarint(), r.readCompactString());
