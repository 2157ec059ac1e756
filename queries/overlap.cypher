// description: People who hold a membership in a body of A and in a body of B (mirrors overlap.rq).
// param a: id of a collaboration or a body, e.g. collaboration/alrek (the CLI turns a name or alias into it)
// param b: id of a collaboration or a body
MATCH (p:Person)-[:HOLDS]->(ma:Membership)-[:IN]->(ba:Body)-[:PART_OF]->(ca:Collaboration)
WHERE ba.id = $a OR ca.id = $a
MATCH (p)-[:HOLDS]->(mb:Membership)-[:IN]->(bb:Body)-[:PART_OF]->(cb:Collaboration)
WHERE bb.id = $b OR cb.id = $b
RETURN DISTINCT p.id AS person, p.name AS name
ORDER BY name, person
