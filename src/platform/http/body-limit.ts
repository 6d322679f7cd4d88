import { IncomingMessage } from "node:http";

/**
 * The request to hand on if its body fits in `limit` bytes, or null when it does not.
 *
 * A declared Content-Length is trusted: Node's parser never delivers more than it declares, so such
 * bodies (uploads included) stream on untouched. A body without one (chunked) is counted as it
 * arrives and held, up to the limit, so no handler ever reads a byte past it; the request handed on
 * replays what was held.
 */
export async function withinBodyLimit(req: IncomingMessage, limit: number): Promise<IncomingMessage | null> {
  const declared = req.headers["content-length"];
  if (declared !== undefined) return Number(declared) > limit ? null : req;
  if (req.headers["transfer-encoding"] === undefined) return req;
  const body = await readUpTo(req, limit);
  return body ? replay(req, body) : null;
}

/**
 * The whole body, or null as soon as it passes `limit`. Listeners rather than an async iterator: leaving
 * an iterator early destroys the socket, and the 413 would never reach the client.
 */
function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    // The client went away mid-body: nothing to hand on, and nothing left to hold.
    const onClose = () => {
      stop();
      resolve(null);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** A request like `req` whose body is `body`; the original has been read to its end. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...req.headers, "content-length": String(body.length) };
  delete copy.headers["transfer-encoding"];
  copy.rawHeaders = req.rawHeaders;
  copy.complete = true;
  if (body.length > 0) copy.push(body);
  copy.push(null);
  return copy;
}
