// description: Brokers: people who sit in bodies of more than one collaboration, most collaborations first.
MATCH (p:Person)-[:HOLDS]->(:Membership)-[:IN]->(:Body)-[:PART_OF]->(c:Collaboration)
WITH p, count(DISTINCT c) AS collaborations, collect(DISTINCT c.name) AS names
WHERE collaborations > 1
RETURN p.id AS person, p.name AS name, collaborations, names
ORDER BY collaborations DESC, name
