"""history page."""

import streamlit as st

st.title("History")
st.write("Coming together.")
