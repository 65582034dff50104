MATCH p = (a:Company)-[*1..4]-(b) WHERE a <> b RETURN nodes(p), relationships(p), length(p) ORDER BY length(p) DESC LIMIT 20
