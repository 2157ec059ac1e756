// description: Which cases refer back to which earlier cases, resolved where the referenced document is loaded (mirrors case-references.rq).
MATCH (c:Case)-[:CITES]->(r:CaseReference)
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(t:Case)
RETURN r.id AS reference, c.id AS case, c.identifier AS caseIdentifier, c.title AS caseTitle, r.identifier AS identifier,
       r.meeting_date AS meetingDate, t.id AS resolved, t.title AS resolvedTitle
ORDER BY caseIdentifier, identifier, reference
