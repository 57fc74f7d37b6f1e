"""Seedling (护苗): information system for rural left-behind children and children in difficulty."""
