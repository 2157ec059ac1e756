// description: Every membership of one person: body, collaboration, role, on whose behalf, period (mirrors person-roles.rq).
// param person: id of the person, e.g. person/trond-egil-hansen
MATCH (p:Person {id: $person})-[:HOLDS]->(m:Membership)-[:IN]->(b:Body)-[:PART_OF]->(c:Collaboration)
OPTIONAL MATCH (m)-[:ON_BEHALF_OF]->(o)
RETURN m.id AS membership, b.id AS body, b.name AS bodyName, c.name AS collaborationName, m.role_label AS roleLabel,
       o.name AS organisationName, m.start AS start, m.end AS end, m.first_seen AS firstSeen, m.last_seen AS lastSeen
ORDER BY collaborationName, bodyName, membership
