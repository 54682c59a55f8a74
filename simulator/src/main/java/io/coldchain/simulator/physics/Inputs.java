package io.coldchain.simulator.physics;

/**
 * What acts on an asset during one step.
 *
 * @param ambientC temperature outside the box (outdoor air for a vehicle, the sales floor for a display case)
 * @param doorOpen a door (or the curtain of an open display case) lets ambient air in
 * @param defrost the defrost heater runs and the compressor is held off
 * @param compressorFailed the refrigeration unit delivers no cooling (fans still run)
 * @param powerOff no mains: no cooling, no defrost heater, no internal gains
 */
public record Inputs(double ambientC, boolean doorOpen, boolean defrost, boolean compressorFailed, boolean powerOff) {
    public static Inputs closed(double ambientC) {
        return new Inputs(ambientC, false, false, false, false);
    }
}
