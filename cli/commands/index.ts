// Commands beyond replay and tag register themselves here, one line each.
export {};
