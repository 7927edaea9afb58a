-- Invitation links of the survey form (issue 7): one active link per region per wave.
-- Only the SHA-256 of a token is stored; the token itself is shown once (`sto enquete
-- uitnodigen`). A revoked link keeps its row (ingetrokken_op set), so it never works again.
CREATE TABLE IF NOT EXISTS enquete_uitnodiging (
    token_sha256   VARCHAR NOT NULL PRIMARY KEY,  -- hex SHA-256 of the token
    golf           SMALLINT NOT NULL,
    regio          VARCHAR NOT NULL,
    aangemaakt_op  TIMESTAMP NOT NULL,
    ingetrokken_op TIMESTAMP                      -- NULL: the link works
);
