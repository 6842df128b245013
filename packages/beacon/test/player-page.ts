/** A minimal box player: hls.js plays channel `?ch=` (default `a`) muted with the beacon attached; `window.zap(ch)` changes channel. */
export const PLAYER_PAGE = `<!doctype html>
<html><body>
<video id="v" muted playsinline width="640" height="360"></video>
<script src="/hls.min.js"></script>
<script type="module">
  import { createBeacon } from '/beacon.js';
  const video = document.getElementById('v');
  const beacon = createBeacon({
    endpoint: location.origin + '/beacons',
    getAccessToken: async () => 'device-token-1',
    appVersion: 'browser-test',
    batchSize: 5,
    flushIntervalMs: 300,
    heartbeatIntervalMs: 1000,
  });
  const hls = new Hls();
  const channelId = new URLSearchParams(location.search).get('ch') ?? 'a';
  beacon.attachHls(hls, video, { channelId });
  hls.attachMedia(video);
  hls.loadSource('/hls/' + channelId + '/out.m3u8');
  video.play();
  window.zap = (channelId) => {
    beacon.channelChange(channelId);
    hls.loadSource('/hls/' + channelId + '/out.m3u8');
    video.play();
  };
  window.playerReady = true;
</script>
</body></html>`;
