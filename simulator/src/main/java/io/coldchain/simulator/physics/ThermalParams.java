package io.coldchain.simulator.physics;

/**
 * The constants of one asset's lumped thermal model (two nodes: box air and load).
 *
 * @param airCapacityJPerK heat capacity of the air node: the air plus the interior surfaces that
 *     follow it quickly (liners, shelves, evaporator), J/K
 * @param wallUaWPerK conductance of the walls from box air to ambient (U × A), W/K
 * @param loadCouplingWPerK conductance between box air and the load's surface (h × A), W/K
 * @param coolingW heat the refrigeration unit removes while its compressor runs, W (0: not refrigerated)
 * @param setpointC thermostat setpoint on the air temperature
 * @param hysteresisC thermostat band: the compressor starts at setpoint + band/2, stops at setpoint − band/2
 * @param doorWPerK extra conductance air ↔ ambient while a door is open (air exchange), W/K
 * @param defrostHeaterW heat of the defrost heater while defrosting, W
 * @param internalGainW constant heat inside (fans, lights), W
 */
public record ThermalParams(
        double airCapacityJPerK,
        double wallUaWPerK,
        double loadCouplingWPerK,
        double coolingW,
        double setpointC,
        double hysteresisC,
        double doorWPerK,
        double defrostHeaterW,
        double internalGainW) {

    public ThermalParams {
        if (!(airCapacityJPerK > 0)
                || wallUaWPerK < 0
                || loadCouplingWPerK < 0
                || coolingW < 0
                || hysteresisC < 0
                || doorWPerK < 0
                || defrostHeaterW < 0) {
            throw new IllegalArgumentException("thermal parameters must be positive (air capacity) or non-negative");
        }
    }
}
