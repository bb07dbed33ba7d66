/**
 * The dashboard's alert tone, generated with the Web Audio API so there is no file to fetch (the
 * CSP allows none). Browsers keep audio suspended until the person has interacted with the page;
 * a blocked tone is reported, never thrown, and the visual alert carries the news on its own.
 */
import type { Severity } from "../../../shared/dto";

export type ChimeResult = "played" | "blocked" | "off";

export interface Chime {
  enabled: boolean;
  /** Call from a click or key handler: a user gesture is what lets the browser start audio. */
  unlock(): void;
  play(severity: Severity): ChimeResult;
  close(): void;
}

type AudioCtor = typeof AudioContext;

// Imminent flags get three rising notes, high two, elevated one: the urgency is audible too.
const NOTES: Record<Severity, number[]> = { elevated: [660], high: [660, 880], imminent: [660, 880, 1100] };

export function createChime(): Chime {
  let audio: AudioContext | null = null;

  function context(): AudioContext | null {
    if (audio) return audio;
    const Ctor = (window as unknown as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor }).AudioContext ??
      (window as unknown as { webkitAudioContext?: AudioCtor }).webkitAudioContext;
    if (!Ctor) return null;
    audio = new Ctor();
    return audio;
  }

  return {
    enabled: true,

    unlock() {
      try {
        const a = context();
        if (a && a.state === "suspended") a.resume().catch(() => undefined);
      } catch {
        // No audio on this device; the visual alert remains.
      }
    },

    play(severity) {
      if (!this.enabled) return "off";
      try {
        const a = context();
        if (!a) return "blocked";
        if (a.state !== "running") {
          a.resume().catch(() => undefined);
          return "blocked";
        }
        const start = a.currentTime;
        NOTES[severity].forEach((freq, i) => {
          const osc = a.createOscillator();
          const gain = a.createGain();
          osc.type = "sine";
          osc.frequency.value = freq;
          const t = start + i * 0.18;
          gain.gain.setValueAtTime(0.0001, t);
          gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.16);
          osc.connect(gain).connect(a.destination);
          osc.start(t);
          osc.stop(t + 0.17);
        });
        return "played";
      } catch {
        return "blocked";
      }
    },

    close() {
      audio?.close().catch(() => undefined);
      audio = null;
    },
  };
}

/** The sound switch outlasts a visit to another screen (and goes with the tab, or a quick exit). */
export const SOUND_KEY = "haven.flagSound";

export function readSoundSetting(): boolean {
  try {
    return sessionStorage.getItem(SOUND_KEY) !== "off";
  } catch {
    return true;
  }
}
