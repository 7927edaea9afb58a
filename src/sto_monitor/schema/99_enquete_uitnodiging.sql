-- Invitation links of the survey form (issue 7), as an older version kept them here. Since
-- issue 16 the links live in the application database (appdb/tabellen.py) and nothing reads
-- this table: `sto database overzetten` moves its rows there, and the first `sto build` after
-- that empties it. Kept so that an older warehouse's links can still be moved.
-- Only the SHA-256 of a token is stored; a revoked link has ingetrokken_op set.
CREATE TABLE IF NOT EXISTS enquete_uitnodiging (
    token_sha256   VARCHAR NOT NULL PRIMARY KEY,  -- hex SHA-256 of the token
    golf           SMALLINT NOT NULL,
    regio          VARCHAR NOT NULL,
    aangemaakt_op  TIMESTAMP NOT NULL,
    ingetrokken_op TIMESTAMP                      -- NULL: the link works
);
