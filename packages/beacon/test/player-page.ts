export interface TPlayerPageOptions {
  /** URL of POST /v1/beacons as the page sees it. */
  beaconEndpoint: string;
  accessToken: string;
  /** channelId → playlist URL (e.g. a signed playback URL). `?ch=` picks the first one played. */
  channelUrls: Record<string, string>;
  hlsScriptUrl: string;
  beaconScriptUrl: string;
}

/** A minimal box player: hls.js plays a channel muted with the beacon attached; `window.zap(ch)` changes channel. */
export function playerPage(o: TPlayerPageOptions): string {
  const config = JSON.stringify({ endpoint: o.beaconEndpoint, token: o.accessToken, urls: o.channelUrls });
  return `<!doctype html>
<html><body>
<video id="v" muted playsinline width="640" height="360"></video>
<script src="${o.hlsScriptUrl}"></script>
<script type="module">
  import { createBeacon } from '${o.beaconScriptUrl}';
  const config = ${config};
  const video = document.getElementById('v');
  const beacon = createBeacon({
    endpoint: new URL(config.endpoint, location.href).href,
    getAccessToken: async () => config.token,
    appVersion: 'browser-test',
    batchSize: 5,
    flushIntervalMs: 300,
    heartbeatIntervalMs: 1000,
  });
  // cmcd: {} makes hls.js send CMCD; the beacon fills in sid (its session) and cid (the channel).
  const hls = new Hls({ cmcd: {} });
  const channelId = new URLSearchParams(location.search).get('ch') ?? Object.keys(config.urls)[0];
  beacon.attachHls(hls, video, { channelId });
  hls.attachMedia(video);
  hls.loadSource(config.urls[channelId]);
  video.play();
  window.zap = (next) => {
    beacon.channelChange(next);
    hls.loadSource(config.urls[next]);
    video.play();
  };
  window.playerReady = true;
</script>
</body></html>`;
}
