"""plan page."""

import streamlit as st

st.title("Plan")
st.write("Coming together.")
