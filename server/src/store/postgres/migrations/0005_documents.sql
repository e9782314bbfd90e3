-- Versioned JSON documents every instance shares (the Klarna webhook
-- subscription with its signing keys; the sandbox's Notifications API),
-- written with a compare-and-set on their version.
CREATE TABLE documents (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    data TEXT NOT NULL
);
