// The parts of the `smpp` package (no published types) this code uses.
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  export interface PDU {
    command: string; command_status: number; sequence_number: number;
    [field: string]: unknown;
    response(fields?: Record<string, unknown>): PDU;
  }
  export class Session extends EventEmitter {
    socket: import('node:net').Socket;
    send(pdu: PDU, cb?: (resp: PDU) => void): boolean;
    close(cb?: () => void): void;
    destroy(cb?: () => void): void;
    bind_transceiver(fields: Record<string, unknown>, cb?: (pdu: PDU) => void): boolean;
    submit_sm(fields: Record<string, unknown>, cb?: (pdu: PDU) => void): boolean;
    deliver_sm(fields: Record<string, unknown>, cb?: (pdu: PDU) => void): boolean;
    enquire_link(fields?: Record<string, unknown>, cb?: (pdu: PDU) => void): boolean;
    unbind(fields?: Record<string, unknown>, cb?: (pdu: PDU) => void): boolean;
  }
  export class Server extends EventEmitter {
    listen(port: number, host?: string, cb?: () => void): this;
    close(cb?: () => void): void;
    address(): import('node:net').AddressInfo;
  }
  export function connect(options: Record<string, unknown>, listener?: () => void): Session;
  export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
  export function createServer(listener?: (session: Session) => void): Server;
  export const ESME_ROK: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RMSGQFUL: number;
  export const ESME_RINVDSTADR: number;
  const smpp: { connect: typeof connect; createServer: typeof createServer; [k: string]: unknown };
  export default smpp;
}
