package io.coldchain.simulator.physics;

/**
 * A lumped two-node model of a refrigerated box, the usual first-order picture of a reefer, a
 * cold room or a display case:
 *
 * <pre>
 *   C_air · dT_air/dt  = UA·(T_amb − T_air) + G_door·(T_amb − T_air) + h·(T_load − T_air) − Q_cool + Q_defrost + Q_int
 *   C_load · dT_load/dt = h·(T_air − T_load)
 * </pre>
 *
 * The compressor is a thermostat with hysteresis on the air temperature. The load can be added
 * (a tanker filling at a farm: the new milk mixes with what is on board) or taken out. With no
 * load the load node simply follows the air. Integration is explicit Euler with sub-steps short
 * enough (a tenth of the fastest time constant) to be accurate and stable; everything is
 * deterministic.
 */
public final class ThermalModel {
    private final ThermalParams p;
    private double airC;
    private double loadC;
    private double loadCapacityJPerK;
    private boolean compressorOn;
    private double compressorOnSeconds;

    public ThermalModel(ThermalParams params, double airC, double loadC, double loadCapacityJPerK) {
        this.p = params;
        this.airC = airC;
        this.loadC = loadCapacityJPerK > 0 ? loadC : airC;
        this.loadCapacityJPerK = Math.max(0, loadCapacityJPerK);
        this.compressorOn = params.coolingW() > 0 && airC > params.setpointC();
    }

    public double airC() {
        return airC;
    }

    /** The load's (core) temperature; the air's when the box is empty. */
    public double loadC() {
        return loadCapacityJPerK > 0 ? loadC : airC;
    }

    public double loadCapacityJPerK() {
        return loadCapacityJPerK;
    }

    public boolean compressorOn() {
        return compressorOn;
    }

    /** Seconds the compressor has run so far (its duty cycle, for tests and the README's numbers). */
    public double compressorOnSeconds() {
        return compressorOnSeconds;
    }

    /** Adds load at {@code tempC}; it mixes with the load on board by heat capacity (energy balance). */
    public void addLoad(double capacityJPerK, double tempC) {
        if (capacityJPerK <= 0) {
            return;
        }
        double before = loadCapacityJPerK > 0 ? loadC * loadCapacityJPerK : 0;
        loadCapacityJPerK += capacityJPerK;
        loadC = (before + tempC * capacityJPerK) / loadCapacityJPerK;
    }

    /** Takes load out (unloading); its temperature does not change. */
    public void removeLoad(double capacityJPerK) {
        loadCapacityJPerK = Math.max(0, loadCapacityJPerK - capacityJPerK);
        if (loadCapacityJPerK == 0) {
            loadC = airC;
        }
    }

    /** Advances the model by {@code dtS} seconds under {@code in}. */
    public void step(double dtS, Inputs in) {
        double gAmb = p.wallUaWPerK() + (in.doorOpen() ? p.doorWPerK() : 0);
        double h = loadCapacityJPerK > 0 ? p.loadCouplingWPerK() : 0;
        // Fastest rate of the linear system bounds the sub-step.
        double fastest = (gAmb + h) / p.airCapacityJPerK();
        if (h > 0) {
            fastest = Math.max(fastest, h / loadCapacityJPerK);
        }
        int n = Math.max(1, (int) Math.ceil(dtS * fastest / 0.1));
        double dt = dtS / n;
        for (int i = 0; i < n; i++) {
            thermostat(in);
            double cooling = compressorOn ? p.coolingW() : 0;
            double heater = in.defrost() && !in.powerOff() ? p.defrostHeaterW() : 0;
            double internal = in.powerOff() ? 0 : p.internalGainW();
            double toLoad = h * (loadC - airC);
            double dAir = (gAmb * (in.ambientC() - airC) + toLoad - cooling + heater + internal) / p.airCapacityJPerK();
            double dLoad = h > 0 ? -toLoad / loadCapacityJPerK : 0;
            airC += dAir * dt;
            loadC += dLoad * dt;
            if (compressorOn) {
                compressorOnSeconds += dt;
            }
        }
        if (loadCapacityJPerK == 0) {
            loadC = airC;
        }
    }

    private void thermostat(Inputs in) {
        if (p.coolingW() <= 0 || in.compressorFailed() || in.powerOff() || in.defrost()) {
            compressorOn = false;
            return;
        }
        if (airC >= p.setpointC() + p.hysteresisC() / 2) {
            compressorOn = true;
        } else if (airC <= p.setpointC() - p.hysteresisC() / 2) {
            compressorOn = false;
        }
    }
}
