"""reflect page."""

import streamlit as st

st.title("Reflect")
st.write("Coming together.")
