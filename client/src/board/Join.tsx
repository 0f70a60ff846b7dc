import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useBoardState } from "./context.ts";

/** Where students join: the room's address on the network, as a link and a QR code. */
export function Join() {
  const room = useBoardState((s) => s.room);
  const [url, setUrl] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    const path = room === "default" ? "/" : `/?room=${encodeURIComponent(room)}`;
    fetch("/info")
      .then((r) => r.json() as Promise<{ urls: string[] }>)
      .then((info) => setUrl(`${(info.urls[0] ?? location.origin).replace(/\/$/, "")}${path}`))
      .catch(() => setUrl(`${location.origin}${path}`));
  }, [room]);

  useEffect(() => {
    if (url) QRCode.toDataURL(url, { margin: 1, width: 220 }).then(setQr, () => setQr(null));
  }, [url]);

  return (
    <section className="join" aria-label="Join">
      <h2>Join this room</h2>
      {url && (
        <a href={url} data-testid="join-link" className="join-link">
          {url}
        </a>
      )}
      {qr && <img src={qr} alt={`QR code for ${url}`} width={220} height={220} />}
    </section>
  );
}
