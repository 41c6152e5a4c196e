'use strict';
// Parley demo client. Protocol: docs/signaling.md. The client always offers; for every remote
// track the server announces it adds a receive-only transceiver and offers again, telling the
// server which mid carries which track.
//
// Test hooks used by the browser tests (keep stable): window.parley.join(room, name) resolves when
// the first answer is applied; leave(); participantId; events (every server message, in order);
// stats() -> {participantId: {audio: {packetsReceived, bytesReceived}, video: {framesDecoded,
// packetsReceived, frameWidth, frameHeight, packetsLost, nackCount, pliCount, freezeCount,
// totalFreezesDuration, retransmittedPacketsReceived}}}; peers() -> [{id, name}]; mute(kind, muted) mutes
// our own microphone or camera for everyone; muteRemote(participantId, kind, muted) stops or
// resumes receiving someone's audio or video for us only; setViewSize(participantId, height) asks
// for that participant's video at a fixed height instead of its tile's; setQuality(participantId,
// spatial, temporal) picks that participant's quality as its tile's selector does (-1 auto, 0 low,
// 1 medium, 2 high), and optionally its frame rate (temporal layer, -1 all, 0 the base rate);
// pin(participantId, pinned) has the server serve that video first when our downlink is short; shownResolution(participantId) -> what its tile shows, e.g. '640×360 · 30 fps' ('' until
// frames arrive); path() -> the selected candidate pair's {localType, protocol, relayProtocol} ({}
// before one); sdp() -> {local, remote}, the current descriptions; a tile without video (an audio
// call, a camera off) has the class no-video and shows the person's initial. Page parameters: token, room, name, autojoin=1, width and height of the camera,
// simulcast=0, svc=<scalability mode>, video=0 (microphone only: no camera asked for or sent),
// relay=1 (only TURN relay candidates, as a network that allows nothing direct would leave).
(function () {
  const log = (...args) => console.log('[parley]', ...args);
  const $ = (id) => document.getElementById(id);

  const state = {
    ws: null, pc: null, localStream: null, participantId: null,
    peers: new Map(),        // participantId -> {id, name, tile, spatial}
    tracks: new Map(),       // trackId -> {id, kind, participantId, transceiver, received}
    negotiating: false, dirty: false,
    firstAnswer: null,
    // Signalling resume (docs/signaling.md): the token from joined and the last message seen.
    resumeToken: null, lastSeq: 0, leaving: false, resumeAttempts: 0,
  };
  const RESUME_ATTEMPTS = 10;
  const RESUME_GAP_MS = 1000;
  const events = [];

  function status(text) { $('status').textContent = text; }

  function tile(id, label, local) {
    let el = document.querySelector(`.tile[data-id="${id}"]`);
    if (el) return el;
    el = document.createElement('div');
    el.className = 'tile';
    el.dataset.id = id;
    el.innerHTML = '<video autoplay playsinline></video><audio autoplay></audio><div class="placeholder"></div>'
      + '<div class="label"></div><div class="stats"></div><div class="badges"></div><div class="controls"></div>';
    el.querySelector('.label').textContent = label;
    // Shown instead of the video while there is none (an audio call, a camera turned off): the
    // last frame a decoder kept would otherwise stay on screen, frozen.
    el.querySelector('.placeholder').textContent = label.trim().charAt(0).toUpperCase() || '?';
    if (local) {
      el.querySelector('video').muted = true;
    } else {
      for (const kind of ['audio', 'video']) {
        const b = document.createElement('button');
        b.textContent = `Mute ${kind} for me`;
        b.onclick = () => {
          const muted = b.classList.toggle('off');
          b.textContent = `${muted ? 'Unmute' : 'Mute'} ${kind} for me`;
          muteRemote(id, kind, muted);
        };
        el.querySelector('.controls').appendChild(b);
      }
      const quality = document.createElement('select');
      quality.className = 'quality';
      quality.title = 'Video quality';
      for (const [spatial, text] of [[-1, 'Auto'], [0, 'Low'], [1, 'Medium'], [2, 'High']]) {
        quality.add(new Option(text, String(spatial)));
      }
      quality.onchange = () => setQuality(id, Number(quality.value));
      el.querySelector('.controls').appendChild(quality);
    }
    $('tiles').appendChild(el);
    return el;
  }

  function send(message) {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
  }

  function addPeer(p) {
    if (p.id === state.participantId || state.peers.has(p.id)) return;
    state.peers.set(p.id, { id: p.id, name: p.name, tile: tile(p.id, p.name, false), spatial: -1, temporal: -1 });
    (p.tracks || []).forEach((t) => addTrack(p.id, t));
    showBadges(p.id);
  }

  function addTrack(participantId, track) {
    if (state.tracks.has(track.id)) return;
    const transceiver = state.pc.addTransceiver(track.kind, { direction: 'recvonly' });
    if (track.kind === 'video') offerDependencyDescriptor(transceiver);
    state.tracks.set(track.id, { id: track.id, kind: track.kind, participantId, transceiver, muted: !!track.muted });
    showBadges(participantId);
    negotiate();
  }

  // Chromium offers the AV1 dependency descriptor only on some transceivers; its decoder needs it
  // to find the frames of an SVC stream (spatial layers on one SSRC), so every video transceiver
  // asks for it where the browser lets a page choose its header extensions.
  const DEPENDENCY_DESCRIPTOR = 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension';
  function offerDependencyDescriptor(transceiver) {
    if (!transceiver.getHeaderExtensionsToNegotiate || !transceiver.setHeaderExtensionsToNegotiate) return;
    const extensions = transceiver.getHeaderExtensionsToNegotiate();
    const dd = extensions.find((e) => e.uri === DEPENDENCY_DESCRIPTOR);
    if (!dd || dd.direction !== 'stopped') return;
    dd.direction = 'sendrecv';
    transceiver.setHeaderExtensionsToNegotiate(extensions);
  }

  function showBadges(participantId) {
    const p = state.peers.get(participantId);
    if (!p) return;
    const tracks = [...state.tracks.values()].filter((t) => t.participantId === participantId);
    const off = tracks.filter((t) => t.muted).map((t) => (t.kind === 'audio' ? 'mic off' : 'camera off'));
    if (tracks.some((t) => t.suspended && !t.muted)) off.push('video paused: your connection is too slow');
    p.tile.querySelector('.badges').textContent = off.join(' · ');
    p.tile.classList.toggle('no-video', !tracks.some((t) => t.kind === 'video' && !t.muted));
  }

  // Our microphone or camera, for everyone: the server stops forwarding; the local track is
  // disabled too so the browser sends next to nothing.
  function mute(kind, muted) {
    if (!state.localStream) return;
    state.localStream.getTracks().filter((t) => t.kind === kind).forEach((t) => { t.enabled = !muted; });
    send({ type: 'mute', kind, muted });
    if (kind === 'video') tile('local').classList.toggle('no-video', muted);
    const button = $(kind === 'audio' ? 'micButton' : 'camButton');
    button.textContent = kind === 'audio' ? (muted ? 'Unmute mic' : 'Mute mic') : (muted ? 'Camera on' : 'Camera off');
    button.dataset.muted = muted ? '1' : '';
  }

  // Someone else's audio or video, for us only.
  function muteRemote(participantId, kind, muted) {
    for (const t of state.tracks.values()) {
      if (t.participantId === participantId && t.kind === kind) send({ type: 'muteRemote', trackId: t.id, muted });
    }
  }

  function removeTrack(trackId) {
    const t = state.tracks.get(trackId);
    if (!t) return;
    t.transceiver.direction = 'inactive';
    state.tracks.delete(trackId);
    showBadges(t.participantId);
    negotiate();
  }

  function removePeer(participantId) {
    for (const t of [...state.tracks.values()]) {
      if (t.participantId === participantId) removeTrack(t.id);
    }
    const p = state.peers.get(participantId);
    if (p) p.tile.remove();
    state.peers.delete(participantId);
  }

  // One negotiation in flight; changes during it set `dirty` and run another afterwards.
  async function negotiate() {
    if (state.negotiating) { state.dirty = true; return; }
    state.negotiating = true;
    try {
      do {
        state.dirty = false;
        const offer = await state.pc.createOffer();
        await state.pc.setLocalDescription(offer);
        const subscriptions = [];
        for (const t of state.tracks.values()) {
          if (t.transceiver.mid !== null) subscriptions.push({ mid: t.transceiver.mid, trackId: t.id });
        }
        const answered = new Promise((resolve) => { state.onAnswer = resolve; });
        send({ type: 'offer', sdp: state.pc.localDescription.sdp, subscriptions });
        const answer = await answered;
        await state.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
        await separateSimulcastStreams();
        if (state.firstAnswer) { state.firstAnswer(); state.firstAnswer = null; }
      } while (state.dirty);
    } catch (e) {
      status('Negotiation failed: ' + e);
      log('negotiation failed', e);
    } finally {
      state.negotiating = false;
    }
  }

  // With VP9 or AV1, Chromium sends several encodings as one SVC stream unless each names its
  // own scalability mode; L1T3 makes them separate simulcast streams of three temporal layers, as
  // VP8's are, so the server can give each subscriber the one that fits.
  async function separateSimulcastStreams() {
    for (const sender of state.pc.getSenders()) {
      const params = sender.getParameters();
      const svc = (params.codecs || []).some((c) => ['video/vp9', 'video/av1'].includes(c.mimeType.toLowerCase()));
      if (!svc || params.encodings.length < 2 || params.encodings.every((e) => e.scalabilityMode === 'L1T3')) {
        continue;
      }
      params.encodings.forEach((e) => { e.scalabilityMode = 'L1T3'; });
      await sender.setParameters(params).catch((e) => log('separate simulcast streams not set', e));
    }
  }

  function onMessage(message) {
    if (message.type === 'error' && message.code === 'resume-failed') {
      // Our session ended while we were away (this socket's own fresh session numbers from 1).
      events.push(message);
      leave();
      status('The call ended while the connection was down: join again');
      return;
    }
    // After a resume the server replays only what came after lastSeq; anything older is a repeat.
    if (typeof message.seq === 'number') {
      if (message.seq <= state.lastSeq) return;
      state.lastSeq = message.seq;
    }
    events.push(message);
    switch (message.type) {
      case 'joined':
        state.participantId = message.participantId;
        state.resumeToken = message.resumeToken;
        status(`In room ${message.room} as ${message.participantId}`);
        // TURN relays with credentials of our own; set before the first offer starts gathering.
        if (message.iceServers) {
          try {
            state.pc.setConfiguration({ ...state.pc.getConfiguration(), iceServers: message.iceServers });
          } catch (e) {
            log('the TURN servers were refused; calling without them', e);
          }
        }
        message.participants.forEach(addPeer);
        negotiate();
        break;
      case 'resumed':
        state.resumeAttempts = 0;
        log('signalling resumed');
        status(`Back in the room as ${message.participantId}`);
        break;
      case 'answer':
        if (state.onAnswer) { state.onAnswer(message); state.onAnswer = null; }
        break;
      case 'participantJoined': addPeer(message.participant); break;
      case 'participantLeft': removePeer(message.participantId); break;
      case 'trackPublished':
        if (!state.peers.has(message.participantId)) addPeer({ id: message.participantId, name: message.participantId });
        addTrack(message.participantId, message.track);
        break;
      case 'trackUnpublished': removeTrack(message.trackId); break;
      case 'bandwidth':
        state.estimateKbps = Math.round(message.estimateBps / 1000);
        break;
      case 'dominantSpeaker':
        document.querySelectorAll('.tile').forEach((el) => el.classList.toggle('speaking',
          el.dataset.id === message.participantId || (el.dataset.id === 'local' && message.participantId === state.participantId)));
        break;
      case 'trackMuted': {
        const t = state.tracks.get(message.trackId);
        if (t) { t.muted = message.muted; showBadges(t.participantId); }
        break;
      }
      case 'videoSuspended': {
        const t = state.tracks.get(message.trackId);
        if (t) { t.suspended = message.suspended; showBadges(t.participantId); }
        break;
      }
      case 'error':
        // The server ended the session on purpose: nothing to resume.
        if (message.code === 'terminated') state.resumeToken = null;
        status(`Error (${message.code}): ${message.message}`); log('server error', message); break;
      default: log('unknown message', message);
    }
  }

  function onTrack(event) {
    const mid = event.transceiver.mid;
    const t = [...state.tracks.values()].find((x) => x.transceiver.mid === mid);
    if (!t) return;
    const p = state.peers.get(t.participantId);
    if (!p) return;
    const el = p.tile.querySelector(t.kind === 'video' ? 'video' : 'audio');
    el.srcObject = new MediaStream([event.track]);
    el.play().catch(() => {});
    t.received = true;
    if (t.kind === 'video') {
      watchSize(t, el);
      if (p.spatial >= 0 || p.temporal >= 0) {
        send({ type: 'preferredLayer', trackId: t.id, spatial: p.spatial, temporal: p.temporal });
      }
    }
  }

  // The server sends each remote video in the smallest simulcast layer that fills its tile.
  function watchSize(t, el) {
    const report = () => {
      if (t.fixedHeight !== undefined) return;
      const height = Math.round(el.clientHeight * window.devicePixelRatio);
      if (height > 0 && height !== t.sentHeight) {
        t.sentHeight = height;
        send({ type: 'viewSize', trackId: t.id, height });
      }
    };
    new ResizeObserver(report).observe(el);
  }

  // Shows a participant's video at a fixed height (pixels, 0: no limit) whatever its tile size.
  function setViewSize(participantId, height) {
    for (const t of state.tracks.values()) {
      if (t.participantId === participantId && t.kind === 'video') {
        t.fixedHeight = height;
        send({ type: 'viewSize', trackId: t.id, height });
      }
    }
  }

  // Our quality choice for a participant's video, e.g. low to save data: the highest simulcast
  // layer we want (0 the lowest, -1 no limit) and, optionally, the highest temporal layer (0 the
  // base frame rate). The server still fits it to the tile and bandwidth. A track not received
  // yet gets it in onTrack: before its answer the server has no subscription.
  function setQuality(participantId, spatial, temporal = -1) {
    const p = state.peers.get(participantId);
    if (!p) return;
    p.spatial = spatial;
    p.temporal = temporal;
    p.tile.querySelector('.quality').value = String(spatial);
    for (const t of state.tracks.values()) {
      if (t.participantId === participantId && t.kind === 'video' && t.received) {
        send({ type: 'preferredLayer', trackId: t.id, spatial, temporal });
      }
    }
  }

  // Pins a participant's video: the server serves it first when our downlink is short.
  function pin(participantId, pinned) {
    for (const t of state.tracks.values()) {
      if (t.participantId === participantId && t.kind === 'video' && t.received) {
        send({ type: 'pin', trackId: t.id, pinned });
      }
    }
  }

  async function join(room, name) {
    if (state.ws) throw new Error('already joined');
    const query = new URLSearchParams(location.search);
    const width = Number(query.get('width')) || 640;
    const height = Number(query.get('height')) || 360;
    const video = query.get('video') === '0' ? false : { width, height };
    state.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    const own = tile('local', 'You (' + name + ')', true);
    own.querySelector('video').srcObject = state.localStream;
    own.classList.toggle('no-video', !video);
    own.querySelector('.placeholder').textContent = name.trim().charAt(0).toUpperCase() || '?';
    state.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
      iceTransportPolicy: query.get('relay') === '1' ? 'relay' : 'all' });
    state.pc.ontrack = onTrack;
    state.pc.onconnectionstatechange = () => log('connection', state.pc.connectionState);
    for (const track of state.localStream.getTracks()) {
      const init = { direction: 'sendonly', streams: [state.localStream] };
      // Simulcast (RFC 8853): quarter, half and full size, lowest first; ?simulcast=0 turns it off.
      // ?svc=L3T3_KEY (say) sends one stream with spatial layers instead (VP9, AV1).
      if (track.kind === 'video' && query.get('svc')) {
        init.sendEncodings = [{ scalabilityMode: query.get('svc') }];
      } else if (track.kind === 'video' && query.get('simulcast') !== '0') {
        init.sendEncodings = [{ rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 },
          { rid: 'f', scaleResolutionDownBy: 1 }];
      }
      const sender = state.pc.addTransceiver(track, init);
      if (track.kind === 'video') offerDependencyDescriptor(sender);
    }
    const ready = new Promise((resolve) => { state.firstAnswer = resolve; });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // The join token comes from the page URL (?token=...): the server prints one in dev mode.
    const token = new URLSearchParams(location.search).get('token') || '';
    state.url = `${scheme}://${location.host}/rtc?token=${encodeURIComponent(token)}`;
    Object.assign(state, { leaving: false, resumeToken: null, lastSeq: 0, resumeAttempts: 0 });
    state.ws = openSocket();
    await new Promise((resolve, reject) => {
      state.ws.onopen = resolve;
      state.ws.onerror = () => reject(new Error(token ? 'the server refused the token' : 'no token: open the page with ?token=...'));
    });
    send({ type: 'join', room, name });
    $('joinButton').disabled = true;
    $('leaveButton').disabled = false;
    $('micButton').disabled = false;
    $('camButton').disabled = !video; // an audio call has no camera to turn off
    return ready;
  }

  function openSocket() {
    const ws = new WebSocket(state.url);
    ws.onmessage = (e) => onMessage(JSON.parse(e.data));
    ws.onclose = (e) => {
      if (ws !== state.ws || state.leaving) return;
      log('socket closed', e.code);
      // 1000: the server closed on purpose (it ended the session); anything else is a drop.
      if (!state.resumeToken || e.code === 1000) { status('Disconnected'); return; }
      if (state.resumeAttempts >= RESUME_ATTEMPTS) {
        leave();
        status('Disconnected: join again');
        return;
      }
      state.resumeAttempts++;
      setTimeout(resume, state.resumeAttempts === 1 ? 0 : RESUME_GAP_MS);
    };
    return ws;
  }

  // The socket dropped without our leave (a network change): a new one takes the session over,
  // the peer connection and the media untouched; the server replays what we missed.
  function resume() {
    if (state.leaving || !state.resumeToken) return;
    status('Reconnecting…');
    const ws = openSocket();
    state.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'resume', participantId: state.participantId,
      resumeToken: state.resumeToken, lastSeq: state.lastSeq }));
  }

  function leave() {
    state.leaving = true;
    send({ type: 'leave' });
    if (state.ws) state.ws.close();
    if (state.pc) state.pc.close();
    if (state.localStream) state.localStream.getTracks().forEach((t) => t.stop());
    for (const p of state.peers.values()) p.tile.remove();
    state.peers.clear();
    const local = document.querySelector('.tile[data-id="local"]');
    if (local) local.remove();
    Object.assign(state, { ws: null, pc: null, localStream: null, participantId: null });
    state.tracks.clear();
    $('joinButton').disabled = false;
    $('leaveButton').disabled = true;
    $('micButton').disabled = true;
    $('camButton').disabled = true;
    status('Left');
  }

  async function stats() {
    const out = {};
    if (!state.pc) return out;
    const report = await state.pc.getStats();
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const t = [...state.tracks.values()].find((x) => x.transceiver.mid === s.mid);
      if (!t) return;
      const entry = out[t.participantId] || (out[t.participantId] = {});
      entry[s.kind] = s.kind === 'video'
        ? { framesDecoded: s.framesDecoded || 0, packetsReceived: s.packetsReceived || 0,
            frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0, framesPerSecond: s.framesPerSecond || 0,
            packetsLost: s.packetsLost || 0, nackCount: s.nackCount || 0, pliCount: s.pliCount || 0,
            retransmittedPacketsReceived: s.retransmittedPacketsReceived || 0,
            freezeCount: s.freezeCount || 0, totalFreezesDuration: s.totalFreezesDuration || 0 }
        : { packetsReceived: s.packetsReceived || 0, bytesReceived: s.bytesReceived || 0 };
    });
    return out;
  }

  async function path() {
    if (!state.pc) return {};
    const report = await state.pc.getStats();
    let pair;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
    });
    const local = pair && report.get(pair.localCandidateId);
    return local ? { localType: local.candidateType, protocol: local.protocol, relayProtocol: local.relayProtocol || '' } : {};
  }

  async function showStats() {
    const all = await stats();
    for (const p of state.peers.values()) {
      const video = all[p.id] && all[p.id].video;
      p.tile.querySelector('.stats').textContent = video && video.frameWidth > 0
        ? `${video.frameWidth}×${video.frameHeight} · ${Math.round(video.framesPerSecond)} fps` : '';
    }
    if (state.estimateKbps !== undefined) {
      $('estimate').textContent = `Downlink estimate: ${state.estimateKbps} kbit/s`;
    }
  }
  setInterval(() => { showStats().catch(() => {}); }, 1000);

  $('join').addEventListener('submit', (e) => {
    e.preventDefault();
    join($('room').value, $('name').value).catch((err) => { status('Cannot join: ' + err); log(err); });
  });
  $('leaveButton').addEventListener('click', leave);
  $('micButton').addEventListener('click', () => mute('audio', !$('micButton').dataset.muted));
  $('camButton').addEventListener('click', () => mute('video', !$('camButton').dataset.muted));
  window.addEventListener('pagehide', () => { if (state.ws) leave(); });

  const query = new URLSearchParams(location.search);
  if (query.get('room')) $('room').value = query.get('room');
  if (query.get('name')) $('name').value = query.get('name');
  if (query.get('room') && query.get('name') && query.get('autojoin') === '1') {
    join(query.get('room'), query.get('name')).catch((err) => status('Cannot join: ' + err));
  }

  window.parley = {
    join, leave, events, stats, path, mute,
    sdp: () => ({ local: state.pc ? state.pc.localDescription.sdp : '', remote: state.pc ? state.pc.remoteDescription.sdp : '' }), muteRemote, setViewSize, setQuality, pin,
    shownResolution: (participantId) => {
      const p = state.peers.get(participantId);
      return p ? p.tile.querySelector('.stats').textContent : '';
    },
    get participantId() { return state.participantId; },
    get pc() { return state.pc; },
    peers: () => [...state.peers.values()].map((p) => ({ id: p.id, name: p.name })),
  };
})();
