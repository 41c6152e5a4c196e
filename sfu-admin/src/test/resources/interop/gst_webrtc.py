#!/usr/bin/python3
"""GStreamer's webrtcbin as a WHIP publisher or a WHEP player, for Parley's interop tests.

A WebRTC stack that shares nothing with Chromium's: libnice for ICE, OpenSSL for DTLS, libsrtp.
Prints one JSON object per line on stdout, so the Java test can follow it:
  {"event": "answered", "location": "/whip/room/id"}  after the server's answer is applied
  {"event": "ice", "state": "connected"}              on each ICE connection state change
  {"event": "stats", ...}                             every second: what the player decoded
  {"event": "error", "message": "..."}                and exits 1
It stops by itself after --seconds, deleting its WHIP/WHEP resource first.
"""
import argparse
import json
import re
import sys
import threading
import urllib.error
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("Nice", "0.1")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC, Nice  # noqa: E402

PUBLISH = (
    "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=15/1"
    " ! vp8enc deadline=1 target-bitrate=300000 keyframe-max-dist=15"
    " ! rtpvp8pay pt=96 picture-id-mode=15-bit"
    " ! capsfilter name=video caps=application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000"
    " audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! opusenc"
    " ! rtpopuspay pt=111"
    " ! capsfilter name=audio caps=application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000"
)


_SAY = threading.Lock()


def say(**event):
    # GStreamer calls back on its own threads: one whole line at a time.
    with _SAY:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()


class Client:
    def __init__(self, args):
        self.args = args
        self.location = None
        self.frames = 0
        self.width = 0
        self.audio_buffers = 0
        self.loop = GLib.MainLoop()
        policy = "max-bundle" if args.bundle == "max-bundle" else "max-compat"
        self.pipe = Gst.Pipeline.new("client")
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "w")
        Gst.util_set_object_arg(self.webrtc, "bundle-policy", policy)
        self.webrtc.set_property("latency", 100)
        self.pipe.add(self.webrtc)
        if args.mode == "whip":
            sources = Gst.parse_bin_from_description(PUBLISH, False)
            self.pipe.add(sources)
            for name in ("video", "audio"):
                pad = Gst.GhostPad.new(name, sources.get_by_name(name).get_static_pad("src"))
                sources.add_pad(pad)
                pad.link(self.webrtc.request_pad_simple("sink_%u"))
        # Held for the client's life: PyGObject drops a reference of these objects it never took.
        self.ice = self.webrtc.get_property("ice-agent")
        self.ice.set_property("ice-tcp", False)
        self.agent = self.ice.get_property("agent")
        # No UPnP discovery: nothing may leave the test's loopback-only namespace.
        self.agent.set_property("upnp", False)
        # libnice skips loopback interfaces when it looks for addresses; name the one to use.
        address = Nice.Address.new()
        address.set_from_string(args.local_address)
        self.agent.add_local_address(address)
        self.webrtc.connect("on-negotiation-needed", self.on_negotiation_needed)
        self.webrtc.connect("notify::ice-gathering-state", self.on_gathering)
        self.webrtc.connect("notify::ice-connection-state", self.on_ice_state)
        if args.mode == "whep":
            for media, caps in (("video", "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000"),
                                ("audio", "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,"
                                         "encoding-params=(string)2")):
                self.webrtc.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY,
                                 Gst.Caps.from_string(caps))
            self.webrtc.connect("pad-added", self.on_pad_added)
        else:
            for i in range(2):
                t = self.webrtc.emit("get-transceiver", i)
                if t is not None:
                    t.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
        bus = self.pipe.get_bus()
        bus.add_signal_watch()
        bus.connect("message::error", self.on_bus_error)
        self.offer_sent = False

    def run(self):
        self.pipe.set_state(Gst.State.PLAYING)
        GLib.timeout_add_seconds(1, self.report)
        GLib.timeout_add_seconds(self.args.seconds, self.stop)
        self.loop.run()
        self.pipe.set_state(Gst.State.NULL)
        return 0 if self.ok else 1

    ok = True

    def fail(self, message):
        say(event="error", message=message)
        self.ok = False
        self.loop.quit()

    def on_bus_error(self, bus, message):
        err, debug = message.parse_error()
        self.fail("%s (%s)" % (err.message, debug))

    def on_negotiation_needed(self, element):
        promise = Gst.Promise.new_with_change_func(self.on_offer_created, element, None)
        element.emit("create-offer", None, promise)

    def on_offer_created(self, promise, element, _):
        reply = promise.get_reply()
        if reply is None or not reply.has_field("offer"):
            GLib.idle_add(self.fail, "no offer: %s" % (reply.to_string() if reply else "no reply"))
            return
        offer = reply.get_value("offer")
        element.emit("set-local-description", offer, Gst.Promise.new())

    def on_gathering(self, element, _):
        # WHIP/WHEP without trickle: the offer goes out once every candidate is in it.
        if element.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE \
                and not self.offer_sent:
            self.offer_sent = True
            GLib.idle_add(self.post_offer)

    def post_offer(self):
        sdp = self.webrtc.get_property("local-description").sdp.as_text()
        if self.args.dump_offer:
            with open(self.args.dump_offer, "w") as f:
                f.write(sdp)
        request = urllib.request.Request(self.args.url, data=sdp.encode(), method="POST", headers={
            "Content-Type": "application/sdp", "Authorization": "Bearer " + self.args.token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = response.read().decode()
                location = response.headers.get("Location")
        except urllib.error.HTTPError as e:
            self.fail("%s answered %d: %s" % (self.args.mode.upper(), e.code, e.read().decode()))
            return False
        except (urllib.error.URLError, OSError) as e:
            self.fail("%s request failed: %s" % (self.args.mode.upper(), e))
            return False
        self.location = location
        ok, parsed = GstSdp.SDPMessage.new_from_text(answer)
        if ok != GstSdp.SDPResult.OK:
            self.fail("unparsable answer: " + answer)
            return False
        description = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, parsed)
        promise = Gst.Promise.new_with_change_func(self.on_answer_set, None, None)
        self.webrtc.emit("set-remote-description", description, promise)
        return False

    def on_answer_set(self, promise, *_):
        reply = promise.get_reply()
        if reply is not None and reply.has_field("error"):
            GLib.idle_add(self.fail, "answer refused: %s" % reply.get_value("error").message)
            return
        say(event="answered", location=self.location)

    def on_ice_state(self, element, _):
        state = element.get_property("ice-connection-state")
        say(event="ice", state=state.value_nick)
        if state == GstWebRTC.WebRTCICEConnectionState.FAILED:
            self.fail("ICE failed")

    def on_pad_added(self, element, pad):
        if pad.direction != Gst.PadDirection.SRC:
            return
        caps = pad.get_current_caps() or pad.query_caps(None)
        name = caps.get_structure(0).get_string("encoding-name")
        if name == "VP8":
            chain = "rtpvp8depay ! vp8dec ! videoconvert ! fakesink name=vsink sync=false"
        elif name == "OPUS":
            chain = "rtpopusdepay ! opusdec ! audioconvert ! fakesink name=asink sync=false"
        else:
            return
        bin_ = Gst.parse_bin_from_description(chain, True)
        self.pipe.add(bin_)
        bin_.sync_state_with_parent()
        pad.link(bin_.get_static_pad("sink"))
        sink = bin_.get_by_name("vsink" if name == "VP8" else "asink")
        sink.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER,
                                              self.count_video if name == "VP8" else self.count_audio)

    def count_video(self, pad, info):
        self.frames += 1
        caps = pad.get_current_caps()
        if caps is not None:
            self.width = caps.get_structure(0).get_int("width")[1]
        return Gst.PadProbeReturn.OK

    def count_audio(self, pad, info):
        self.audio_buffers += 1
        return Gst.PadProbeReturn.OK

    def report(self):
        say(event="stats", framesDecoded=self.frames, frameWidth=self.width, audioBuffers=self.audio_buffers)
        return True

    def stop(self):
        if self.location:
            base = re.match(r"(https?://[^/]+)", self.args.url).group(1)
            request = urllib.request.Request(base + self.location, method="DELETE",
                                             headers={"Authorization": "Bearer " + self.args.token})
            try:
                urllib.request.urlopen(request, timeout=5).close()
            except urllib.error.URLError as e:
                say(event="warning", message="DELETE failed: %s" % e)
        self.loop.quit()
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["whip", "whep"])
    parser.add_argument("url", help="the WHIP or WHEP endpoint, e.g. http://127.0.0.1:8080/whip/room")
    parser.add_argument("--token", required=True)
    parser.add_argument("--bundle", choices=["max-bundle", "max-compat"], default="max-bundle")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--local-address", default="127.0.0.1", help="the address to gather a candidate on")
    parser.add_argument("--dump-offer", help="write the offer sent to this file")
    args = parser.parse_args()
    Gst.init(None)
    sys.exit(Client(args).run())


if __name__ == "__main__":
    main()
