// description: The meetings one person attended or was absent from (mirrors attendance.rq).
// param person: id of the person
MATCH (p:Person {id: $person})-[:ATTENDED]->(a:Attendance)-[:AT]->(m:Meeting)-[:HELD_BY]->(b:Body)
RETURN m.id AS meeting, m.date AS date, b.name AS bodyName, a.status AS status, a.capacity AS capacity, a.remote AS remote
ORDER BY date, bodyName
