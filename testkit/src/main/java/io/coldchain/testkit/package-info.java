/**
 * Real servers for integration tests, never mocks: {@link io.coldchain.testkit.TestDatabase} and
 * {@link io.coldchain.testkit.TestBroker} pick external servers from {@code COLDCHAIN_TEST_DB_URL} /
 * {@code COLDCHAIN_TEST_MQTT_URL}, else Testcontainers when Docker answers, else the embedded ones.
 */
package io.coldchain.testkit;
