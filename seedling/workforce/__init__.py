"""The workforce: child supervisors (儿童督导员) and child directors (儿童主任), their appointments,
training and certificates, director evaluations, and their coverage of the division table."""
