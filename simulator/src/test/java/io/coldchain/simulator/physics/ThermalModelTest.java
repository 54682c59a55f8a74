package io.coldchain.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The thermal model against simple physics: thermostat band, exponential warm-up, doors. */
class ThermalModelTest {
    // A 7 m reefer body: about 250 kJ/K of air and liner, walls 110 W/K, a 4 kW unit, setpoint 3 °C ± 1.
    static final ThermalParams REEFER = new ThermalParams(250_000, 110, 400, 4000, 3, 2, 900, 1500, 50);

    @Test
    void closedPoweredBoxHoldsItsSetpointBandFor24Hours() {
        ThermalModel m = new ThermalModel(REEFER, 3, 3, 8_000_000); // 2 t of dairy ≈ 8 MJ/K
        double minAir = Double.MAX_VALUE;
        double maxAir = -Double.MAX_VALUE;
        double minLoad = Double.MAX_VALUE;
        double maxLoad = -Double.MAX_VALUE;
        int starts = 0;
        boolean wasOn = m.compressorOn();
        for (int i = 0; i < 24 * 360; i++) {
            m.step(10, Inputs.closed(30)); // a hot day
            minAir = Math.min(minAir, m.airC());
            maxAir = Math.max(maxAir, m.airC());
            minLoad = Math.min(minLoad, m.loadC());
            maxLoad = Math.max(maxLoad, m.loadC());
            if (m.compressorOn() && !wasOn) {
                starts++;
            }
            wasOn = m.compressorOn();
        }
        // The thermostat band is 2..4 °C; one 10 s step can overshoot it only slightly.
        assertThat(minAir).isGreaterThan(1.8);
        assertThat(maxAir).isLessThan(4.2);
        assertThat(minLoad).isGreaterThan(2.0);
        assertThat(maxLoad).isLessThan(4.0);
        // It cycles (not stuck on or off) and its duty cycle matches the heat it must remove.
        assertThat(starts).isGreaterThan(10);
        double duty = m.compressorOnSeconds() / (24 * 3600.0);
        double expected = (110 * (30 - 3) + 50) / 4000.0;
        assertThat(duty).isCloseTo(expected, within(0.03));
    }

    @Test
    void failedCompressorWarmsAnEmptyBoxWithTimeConstantCOverUA() {
        ThermalModel m = new ThermalModel(REEFER, 3, 3, 0);
        double ambient = 25;
        double tau = REEFER.airCapacityJPerK() / REEFER.wallUaWPerK(); // s
        Inputs failed = new Inputs(ambient, false, false, true, false);
        // No internal gain in the analytic form: include it as a shift of the equilibrium.
        double equilibrium = ambient + REEFER.internalGainW() / REEFER.wallUaWPerK();
        for (int i = 1; i <= 6 * 360; i++) {
            m.step(10, failed);
            double t = i * 10.0;
            double analytic = equilibrium + (3 - equilibrium) * Math.exp(-t / tau);
            assertThat(m.airC()).as("air at %s s", t).isCloseTo(analytic, within(0.05));
        }
        assertThat(m.compressorOn()).isFalse();
    }

    @Test
    void failedCompressorWarmsALoadedBoxAsTheTwoNodeSolutionSays() {
        ThermalParams p = new ThermalParams(250_000, 110, 400, 4000, 3, 2, 900, 0, 0);
        double ca = p.airCapacityJPerK();
        double cl = 8_000_000;
        ThermalModel m = new ThermalModel(p, 3, 3, cl);
        double amb = 20;
        // x = (T_air − amb, T_load − amb); dx/dt = A x, A = [[-(UA+h)/Ca, h/Ca], [h/Cl, -h/Cl]].
        double a11 = -(p.wallUaWPerK() + p.loadCouplingWPerK()) / ca;
        double a12 = p.loadCouplingWPerK() / ca;
        double a21 = p.loadCouplingWPerK() / cl;
        double a22 = -p.loadCouplingWPerK() / cl;
        double tr = a11 + a22;
        double det = a11 * a22 - a12 * a21;
        double l1 = tr / 2 + Math.sqrt(tr * tr / 4 - det);
        double l2 = tr / 2 - Math.sqrt(tr * tr / 4 - det);
        // Eigenvectors (a12, l - a11); initial state x0 = (-17, -17) = c1 v1 + c2 v2.
        double v1x = a12;
        double v1y = l1 - a11;
        double v2x = a12;
        double v2y = l2 - a11;
        double x0 = 3 - amb;
        // c1 v1 + c2 v2 = (x0, x0), by Cramer's rule.
        double d = v1x * v2y - v1y * v2x;
        double c1 = (x0 * v2y - v2x * x0) / d;
        double c2 = (v1x * x0 - v1y * x0) / d;
        Inputs failed = new Inputs(amb, false, false, true, false);
        for (int i = 1; i <= 12 * 360; i++) {
            m.step(10, failed);
            double t = i * 10.0;
            double air = amb + c1 * v1x * Math.exp(l1 * t) + c2 * v2x * Math.exp(l2 * t);
            double load = amb + c1 * v1y * Math.exp(l1 * t) + c2 * v2y * Math.exp(l2 * t);
            assertThat(m.airC()).as("air at %s s", t).isCloseTo(air, within(0.05));
            assertThat(m.loadC()).as("load at %s s", t).isCloseTo(load, within(0.05));
        }
        // The slow mode is the load's: after 12 h the load has warmed, but far less than the air did at first.
        assertThat(m.loadC()).isBetween(4.0, m.airC());
    }

    @Test
    void doorOpeningsRaiseTheAirMoreThanTheLoad() {
        ThermalModel m = new ThermalModel(REEFER, 3, 3, 8_000_000);
        Inputs open = new Inputs(20, true, false, false, false);
        for (int i = 0; i < 30; i++) { // five minutes open at a delivery stop
            m.step(10, open);
        }
        double airRise = m.airC() - 3;
        double loadRise = m.loadC() - 3;
        assertThat(airRise).isGreaterThan(2);
        assertThat(loadRise).isLessThan(0.2).isLessThan(airRise / 10);
    }

    @Test
    void defrostWarmsTheAirAndHoldsTheCompressorOff() {
        ThermalModel m = new ThermalModel(REEFER, 3, 3, 8_000_000);
        for (int i = 0; i < 120; i++) {
            m.step(10, new Inputs(20, false, true, false, false));
            assertThat(m.compressorOn()).isFalse();
        }
        assertThat(m.airC()).isGreaterThan(4.5);
    }

    @Test
    void loadingWarmMilkMixesByHeatCapacity() {
        ThermalModel m = new ThermalModel(REEFER, 4, 4, 0);
        m.addLoad(8000 * 3900, 3.5);
        m.addLoad(6000 * 3900, 18);
        assertThat(m.loadC()).isCloseTo((8000 * 3.5 + 6000 * 18) / 14000.0, within(1e-9));
        m.removeLoad(14000 * 3900);
        assertThat(m.loadC()).isEqualTo(m.airC());
    }
}
