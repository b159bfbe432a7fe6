// Microphone and camera pickers: the devices the browser lists (named once permission was granted), the choice kept for the next capture.

import { useEffect, useState } from 'react';
import { chooseDevice, chosenDevice, listDevices, onDeviceChange, onDeviceChoice, type CaptureDevice, type DeviceKind } from '../video/devices';

const KIND_LABEL: Record<DeviceKind, string> = { mic: 'Microphone', camera: 'Camera' };

/** The devices of one kind and the chosen one, refreshed when a device is plugged in or out. */
export function useDevices(kind: DeviceKind): { devices: CaptureDevice[]; chosen: string | undefined; error: string | undefined } {
  const [devices, setDevices] = useState<CaptureDevice[]>([]);
  const [chosen, setChosen] = useState<string | undefined>(() => chosenDevice(kind));
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      listDevices(kind).then(
        (list) => {
          if (!alive) return;
          setDevices(list);
          setError(undefined);
        },
        (failure: unknown) => alive && setError(String(failure)),
      );
    void refresh();
    const offChange = onDeviceChange(() => void refresh());
    const offChoice = onDeviceChoice((changed) => {
      if (changed === kind) setChosen(chosenDevice(kind));
    });
    // Labels appear only after a capture was allowed: a capture starting elsewhere does not fire devicechange, so look again shortly.
    const relabel = setInterval(() => void refresh(), 3_000);
    return () => {
      alive = false;
      offChange();
      offChoice();
      clearInterval(relabel);
    };
  }, [kind]);
  return { devices, chosen, error };
}

/** One <select> per device kind; the choice applies to the next capture of that kind (stop and start it to switch now). */
export function DevicePicker({ kind }: { kind: DeviceKind }) {
  const { devices, chosen, error } = useDevices(kind);
  const chosenMissing = chosen !== undefined && !devices.some((device) => device.deviceId === chosen);
  return (
    <label className="device-picker" data-testid={`device-picker-${kind}`}>
      <span>{KIND_LABEL[kind]}</span>
      <select value={chosen ?? ''} onChange={(event) => chooseDevice(kind, event.target.value || undefined)} aria-label={`${KIND_LABEL[kind]} device`}>
        <option value="">System default</option>
        {devices
          .filter((device) => device.deviceId !== '' && device.deviceId !== 'default')
          .map((device, i) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || `${KIND_LABEL[kind]} ${i + 1} (name shown once access is allowed)`}
            </option>
          ))}
        {chosenMissing ? <option value={chosen}>Chosen {KIND_LABEL[kind].toLowerCase()} (not connected)</option> : null}
      </select>
      {error ? <small className="device-error">Cannot list devices: {error}</small> : null}
    </label>
  );
}

/** Both pickers, for the settings view and the capture panel. */
export function DevicePickers() {
  return (
    <div className="device-pickers">
      <DevicePicker kind="mic" />
      <DevicePicker kind="camera" />
    </div>
  );
}
