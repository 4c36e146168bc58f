"""The health endpoint for load balancers: does this app server reach its database and its job queue?"""
