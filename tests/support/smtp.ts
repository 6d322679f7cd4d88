import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /** Refuses the next `n` messages with a temporary error (451). */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps every message it accepts. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let failing = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (c) => (data += c));
      stream.on("end", () => {
        if (failing > 0) {
          failing--;
          return callback(new Error("451 try later"));
        }
        received.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return {
    port: (smtp.server.address() as { port: number }).port,
    received,
    failNext: (n) => void (failing = n),
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
