package io.coldchain.core.config;

public record HttpOptions(String host, int port) {}
